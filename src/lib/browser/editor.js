// The content editor's script. Pages do not hydrate, so this is all the editor runs in the browser:
// the preview beside the text follows the typing (the server draws it, as for the Preview button),
// and a problem's link in the error summary puts the cursor on its line.
const editor = document.querySelector('[data-live-preview]');
const textarea = document.getElementById('body');

if (editor instanceof HTMLElement && textarea instanceof HTMLTextAreaElement) {
	const panel = editor.querySelector('[data-live-panel]');
	const output = editor.querySelector('[data-live-output]');
	const status = editor.querySelector('[data-live-status]');
	const problems = document.getElementById('problems');
	const endpoint = editor.dataset.livePreview;
	/** Each request's number: an answer to an older one than the last is dropped. */
	let asked = 0;
	let timer = 0;
	let controller = new AbortController();
	/**
	 * The summary last drawn. The page came with the summary for its text, which GOV.UK Frontend may
	 * have given focus, so it is replaced only once the text's problems change.
	 */
	let shownSummary = null;

	editor.classList.add('app-editor--live');
	if (panel instanceof HTMLElement) panel.hidden = false;
	// The preview beside the text replaces the one the Preview button drew below it.
	document.querySelector('[data-button-preview]')?.remove();

	const say = (text) => {
		if (status) status.textContent = text;
	};

	/** The error summary from the server, in place of the one on the page; it is not announced as an alert (the status line says it). */
	const showProblems = (html) => {
		const first = shownSummary === null;
		if (!problems || html === shownSummary) return;
		shownSummary = html;
		if (first) return;
		const template = document.createElement('template');
		template.innerHTML = html;
		for (const alert of template.content.querySelectorAll('[role="alert"]')) alert.removeAttribute('role');
		problems.replaceChildren(template.content);
	};

	const update = async () => {
		const ask = ++asked;
		controller.abort();
		controller = new AbortController();
		const form = new FormData();
		form.set('body', textarea.value);
		try {
			const response = await fetch(endpoint, {
				method: 'POST',
				body: form,
				signal: controller.signal,
				redirect: 'manual',
				headers: { Accept: 'application/json' }
			});
			if (ask !== asked) return;
			if (!(response.headers.get('content-type') ?? '').startsWith('application/json')) {
				say(
					'Preview not updated: you may have been signed out. Your text is still here; sign in again in another tab.'
				);
				return;
			}
			const answer = await response.json();
			if (ask !== asked) return;
			showProblems(answer.summary);
			if (answer.preview !== null && output) output.innerHTML = answer.preview;
			say(answer.status);
		} catch (error) {
			if (error instanceof DOMException && error.name === 'AbortError') return;
			say('Preview not updated: the service could not be reached. Your text is still here.');
		}
	};

	textarea.addEventListener('input', () => {
		clearTimeout(timer);
		timer = setTimeout(update, 400);
	});
	void update();

	/** How far down the text box a character is drawn, wrapped lines and all, measured on a copy of the box. */
	const topOf = (offset) => {
		const mirror = /** @type {HTMLTextAreaElement} */ (textarea.cloneNode(false));
		mirror.removeAttribute('id');
		mirror.removeAttribute('name');
		mirror.setAttribute('aria-hidden', 'true');
		mirror.tabIndex = -1;
		Object.assign(mirror.style, {
			position: 'absolute',
			visibility: 'hidden',
			height: '0',
			minHeight: '0',
			width: `${textarea.offsetWidth}px`
		});
		mirror.value = `${textarea.value.slice(0, offset)}\n`;
		textarea.after(mirror);
		const style = getComputedStyle(mirror);
		const top = mirror.scrollHeight - parseFloat(style.lineHeight) - parseFloat(style.paddingBottom);
		mirror.remove();
		return top;
	};

	/** Selects line `n` of the text (the first is 1), gives the box focus and scrolls the line into sight. */
	const showLine = (n) => {
		const lines = textarea.value.split('\n');
		const line = Math.min(Math.max(n, 1), lines.length);
		let start = 0;
		for (let i = 0; i < line - 1; i++) start += lines[i].length + 1;
		document.querySelector('label[for="body"]')?.scrollIntoView();
		textarea.focus({ preventScroll: true });
		textarea.setSelectionRange(start, start + lines[line - 1].length);
		textarea.scrollTop = Math.max(0, topOf(start) - textarea.clientHeight / 3);
	};

	// After GOV.UK Frontend's own handler (which focuses the box), or alone for a summary drawn by this script.
	document.addEventListener('click', (event) => {
		const link = event.target instanceof Element ? event.target.closest('.govuk-error-summary a[href="#body"]') : null;
		if (!(link instanceof HTMLAnchorElement)) return;
		event.preventDefault();
		const line = Number(link.dataset.line);
		if (Number.isInteger(line) && line > 0) showLine(line);
		else {
			document.querySelector('label[for="body"]')?.scrollIntoView();
			textarea.focus({ preventScroll: true });
		}
	});
}
