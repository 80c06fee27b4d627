// The one Markdown renderer: front matter, marked with the service's callouts, heading anchors and
// links between modules, then sanitize-html. Content is rendered once, at start-up.
import { createHash } from 'node:crypto';
import { Marked, type Token, type Tokens, type TokenizerAndRendererExtension } from 'marked';
import sanitizeHtml from 'sanitize-html';
import type { ContentProblem } from './problems';
import { parseYaml, type ParsedYaml } from './yaml';

export const calloutKinds = {
	policy: 'From the policy',
	practice: 'In practice',
	think: 'Think about it'
} as const;
type CalloutKind = keyof typeof calloutKinds;

export interface SplitFile {
	frontMatter: ParsedYaml | null;
	body: string;
	/** 1-based line in the file where the body starts. */
	bodyLine: number;
}

/** Splits `---` front matter from the body, keeping line numbers true to the file. */
export function splitFrontMatter(text: string, file: string): SplitFile {
	const normalised = text.replace(/\r\n?/g, '\n');
	const match = /^---\n([\s\S]*?)\n---[ \t]*(?:\n|$)/.exec(normalised);
	if (!match) return { frontMatter: null, body: normalised, bodyLine: 1 };
	const frontMatter = parseYaml(match[1]!, file, 2);
	const bodyLine = match[0].split('\n').length - (match[0].endsWith('\n') ? 0 : 1);
	return { frontMatter, body: normalised.slice(match[0].length), bodyLine };
}

export function sha256(text: string): string {
	return createHash('sha256').update(text.replace(/\r\n?/g, '\n')).digest('hex');
}

export interface Section {
	id: string;
	title: string;
}

export interface Rendered {
	html: string;
	sections: Section[];
	/** Slugs named in `module:` links, with the 1-based file line of each. */
	moduleLinks: { slug: string; line: number }[];
	problems: ContentProblem[];
	words: number;
}

const sanitizeOptions: sanitizeHtml.IOptions = {
	allowedTags: [
		'h2', 'h3', 'h4', 'h5', 'p', 'ul', 'ol', 'li', 'strong', 'em', 'a', 'code', 'pre', 'blockquote', 'hr', 'br',
		'table', 'thead', 'tbody', 'tr', 'th', 'td', 'div', 'span', 'abbr', 'del', 'ins', 'input', 'img'
	],
	allowedAttributes: {
		a: ['href', 'class'],
		h2: ['id', 'class'],
		h3: ['id', 'class'],
		h4: ['id', 'class'],
		h5: ['id', 'class'],
		div: ['class', 'role', 'aria-labelledby', 'aria-label', 'tabindex'],
		p: ['class', 'id'],
		abbr: ['title'],
		th: ['scope', 'class', 'align'],
		td: ['class', 'align'],
		'*': ['class'],
		input: ['type', 'checked', 'disabled'],
		img: ['src', 'alt', 'class']
	},
	allowedSchemes: ['https', 'mailto'],
	allowedSchemesAppliedToAttributes: ['href'],
	allowProtocolRelative: false,
	// An image is one of the service's own, described for those who cannot see it, or it goes.
	exclusiveFilter: (frame) =>
		frame.tag === 'img' && !(imagePathPattern.test(frame.attribs.src ?? '') && !!frame.attribs.alt?.trim())
};

/** Where an image uploaded to the service is served (see files/): `/files/<sha-256>.<png|jpg|svg>`. */
export const imagePathPattern = /^\/files\/[a-f0-9]{64}\.(png|jpg|svg)$/;

export function sanitize(html: string): string {
	return sanitizeHtml(html, sanitizeOptions);
}

const slugify = (text: string) =>
	text
		.toLowerCase()
		.replace(/<[^>]*>/g, '')
		.replace(/&[a-z]+;|&#\d+;/g, '')
		.replace(/[^a-z0-9]+/g, '-')
		.replace(/^-|-$/g, '') || 'section';

const calloutPattern = /^> ?\[!(\w+)\][ \t]*([^\n]*)\n?((?:>[^\n]*(?:\n|$))*)/;

interface CalloutToken extends Tokens.Generic {
	type: 'callout';
	kind: CalloutKind;
	title: string;
	tokens: Token[];
}

/** Builds a renderer for one file, collecting its sections, links and problems as it goes. */
function createRenderer(state: RenderState) {
	const callout: TokenizerAndRendererExtension = {
		name: 'callout',
		level: 'block',
		start: (src) => src.match(/^> ?\[!/m)?.index,
		tokenizer(src) {
			const match = calloutPattern.exec(src);
			if (!match) return undefined;
			const kind = match[1]!;
			if (!(kind in calloutKinds)) {
				state.unknownCallouts.push(kind);
				return undefined;
			}
			const inner = match[3]!.replace(/^> ?/gm, '');
			const token: CalloutToken = {
				type: 'callout',
				raw: match[0],
				kind: kind as CalloutKind,
				title: match[2]!.trim() || calloutKinds[kind as CalloutKind],
				tokens: []
			};
			this.lexer.blockTokens(inner, token.tokens);
			return token;
		},
		renderer(token) {
			const t = token as CalloutToken;
			return `<div class="app-callout app-callout--${t.kind}" role="note"><p class="app-callout__title"><strong>${escapeHtml(t.title)}</strong></p>${this.parser.parse(t.tokens)}</div>\n`;
		}
	};

	return new Marked({
		gfm: true,
		extensions: [callout],
		renderer: {
			heading({ tokens, depth }) {
				const text = this.parser.parseInline(tokens);
				const section = Math.min(Math.max(depth, 2), 4);
				// Text shown under a heading of the page's own has its headings one level down.
				const level = section + state.headingOffset;
				let id = slugify(text);
				for (let n = 2; state.usedIds.has(id); n++) id = `${slugify(text)}-${n}`;
				state.usedIds.add(id);
				// Section titles are shown as text, so they lose their tags and entities here.
				if (section === 2) state.sections.push({ id, title: plainText(text) });
				// A page's own section headings are a size smaller than a module's, so nested text steps down too.
				const size = (['l', 'm', 's'] as const)[Math.min(level - 2 + state.headingOffset, 2)];
				return `<h${level} id="${id}" class="govuk-heading-${size}">${text}</h${level}>\n`;
			},
			link({ href, tokens }) {
				const text = this.parser.parseInline(tokens);
				const moduleSlug = /^module:([a-z0-9-]+)(#[a-z0-9-]+)?$/.exec(href);
				if (moduleSlug) {
					state.moduleLinks.push(moduleSlug[1]!);
					return `<a class="govuk-link" href="/modules/${moduleSlug[1]}${moduleSlug[2] ?? ''}">${text}</a>`;
				}
				return `<a class="govuk-link" href="${escapeHtml(href)}">${text}</a>`;
			},
			// A table scrolls inside its own labelled region when it is wider than the screen, as the
			// app's own tables do (TableRegion.svelte).
			table({ header, rows }) {
				const cell = (c: Tokens.TableCell, tag: 'th' | 'td') => {
					const kind = tag === 'th' ? 'header' : 'cell';
					const align = c.align ? ` align="${c.align}"` : '';
					const scope = tag === 'th' ? ' scope="col"' : '';
					return `<${tag}${scope} class="govuk-table__${kind}"${align}>${this.parser.parseInline(c.tokens)}</${tag}>`;
				};
				const head = `<thead class="govuk-table__head"><tr class="govuk-table__row">${header.map((c) => cell(c, 'th')).join('')}</tr></thead>`;
				const body = rows.map((r) => `<tr class="govuk-table__row">${r.map((c) => cell(c, 'td')).join('')}</tr>`).join('');
				const label = escapeHtml(`Table: ${header.map((c) => plainText(this.parser.parseInline(c.tokens))).join(', ')}`);
				return `<div class="app-table-region" role="region" aria-label="${label}" tabindex="0"><table class="govuk-table">${head}<tbody class="govuk-table__body">${body}</tbody></table></div>\n`;
			},
			image({ href, text }) {
				// Anything else is reported as a problem in the file (tokenProblems) and shows nothing.
				if (!imagePathPattern.test(href) || !text.trim()) return '';
				return `<img class="app-content-image" src="${escapeHtml(href)}" alt="${escapeHtml(text.trim())}">`;
			},
			paragraph({ tokens }) {
				const inline = this.parser.parseInline(tokens);
				// A paragraph that held only an image that could not be shown is left out.
				if (!inline.trim()) return '';
				return `<p class="govuk-body">${inline}</p>\n`;
			},
			list(token) {
				const tag = token.ordered ? 'ol' : 'ul';
				const kind = token.ordered ? 'govuk-list--number' : 'govuk-list--bullet';
				const items = token.items.map((item) => `<li>${this.parser.parse(item.tokens)}</li>`).join('');
				return `<${tag} class="govuk-list ${kind}">${items}</${tag}>\n`;
			}
		}
	});
}

/** The text of rendered inline HTML, without its tags and entities. */
function plainText(html: string): string {
	return decodeEntities(html.replace(/<[^>]*>/g, ''));
}

function decodeEntities(html: string): string {
	const named: Record<string, string> = { amp: '&', lt: '<', gt: '>', quot: '"', apos: "'" };
	return html.replace(/&(#\d+|#x[0-9a-f]+|[a-z]+);/gi, (entity, code: string) => {
		if (code[0] === '#') return String.fromCodePoint(code[1] === 'x' || code[1] === 'X' ? parseInt(code.slice(2), 16) : Number(code.slice(1)));
		return named[code.toLowerCase()] ?? entity;
	});
}

function escapeHtml(text: string): string {
	return text.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]!);
}

/** 1-based line in the file of the first occurrence of `needle` in the body, or the body's first line. */
export function lineInBody(body: string, bodyLine: number, needle: string, from = 0): number {
	const at = body.indexOf(needle, from);
	return at < 0 ? bodyLine : bodyLine + body.slice(0, at).split('\n').length - 1;
}

const normalise = (html: string) => html.replace(/\s*\/>/g, '>').replace(/\s+/g, ' ').trim();

/** Whether sanitising keeps a piece of raw HTML as written; inline tags arrive one at a time. */
function survivesSanitising(raw: string): boolean {
	const closing = /^<\/([a-z][a-z0-9]*)\s*>$/i.exec(raw);
	if (closing) return (sanitizeOptions.allowedTags as string[]).includes(closing[1]!.toLowerCase());
	const opening = /^<([a-z][a-z0-9]*)\b[^>]*>$/i.exec(raw);
	const probe = opening && !raw.endsWith('/>') && opening[1]!.toLowerCase() !== 'br' ? `${raw}</${opening[1]}>` : raw;
	return normalise(sanitize(probe)) === normalise(probe);
}

export interface MarkdownContext {
	marked: Marked;
	state: RenderState;
}

interface RenderState {
	/** How many levels down the text's headings go: 1 for text shown under a heading of the page's own. */
	headingOffset: number;
	sections: Section[];
	usedIds: Set<string>;
	moduleLinks: string[];
	unknownCallouts: string[];
}

export interface RenderOptions {
	/** 1 when the text is shown under a heading of the page's own, so its `##` becomes an h3. */
	headingOffset?: 0 | 1;
}

/** A renderer for one file: it collects that file's sections and links as it renders. */
export function createMarkdown({ headingOffset = 0 }: RenderOptions = {}): MarkdownContext {
	const state: RenderState = { headingOffset, sections: [], usedIds: new Set(), moduleLinks: [], unknownCallouts: [] };
	return { marked: createRenderer(state), state };
}

/** Problems an author must fix in lexed tokens: raw HTML that would vanish and unknown callouts. */
export function tokenProblems(md: MarkdownContext, tokens: Token[], body: string, file: string, bodyLine: number): ContentProblem[] {
	const problems: ContentProblem[] = [];
	// Raw HTML is allowed only where sanitising would keep it exactly; anything else would vanish
	// silently from the page, so the author is told instead.
	// walkTokens returns the promises of async extensions; this renderer has none.
	void md.marked.walkTokens(tokens, (token) => {
		if (token.type === 'image') {
			const { href, text, raw } = token as Tokens.Image;
			const line = lineInBody(body, bodyLine, raw);
			if (!imagePathPattern.test(href))
				problems.push({ file, line, message: `image ${href.slice(0, 60)}: use an image added to the service under Images, whose address starts /files/` });
			else if (!text.trim())
				problems.push({ file, line, message: `image ${href}: say what it shows for people who cannot see it, as ![what it shows](${href})` });
			return;
		}
		if (token.type !== 'html') return;
		const raw = (token as Tokens.HTML).text.trim();
		if (!raw || raw.startsWith('<!--')) return;
		if (!survivesSanitising(raw)) {
			problems.push({ file, line: lineInBody(body, bodyLine, raw), message: `raw HTML ${raw.slice(0, 40)} would be removed by sanitising: write it in Markdown` });
		}
	});
	for (const kind of md.state.unknownCallouts) {
		problems.push({ file, line: lineInBody(body, bodyLine, `[!${kind}]`), message: `unknown callout [!${kind}]: use ${Object.keys(calloutKinds).map((k) => `[!${k}]`).join(', ')}` });
	}
	return problems;
}

/** Each `module:` link rendered so far, with the file line it stands on. */
export function moduleLinksOf(md: MarkdownContext, body: string, bodyLine: number): { slug: string; line: number }[] {
	let searchFrom = 0;
	return md.state.moduleLinks.map((slug) => {
		const needle = `module:${slug}`;
		const line = lineInBody(body, bodyLine, needle, searchFrom);
		searchFrom = Math.max(searchFrom, body.indexOf(needle, searchFrom) + 1);
		return { slug, line };
	});
}

export function renderMarkdown(body: string, file: string, bodyLine: number, options: RenderOptions = {}): Rendered {
	const md = createMarkdown(options);
	const tokens = md.marked.lexer(body);
	const problems = tokenProblems(md, tokens, body, file, bodyLine);
	const html = sanitize(md.marked.parser(tokens));
	const words = body.replace(/^> ?\[!\w+\][^\n]*$/gm, '').split(/\s+/).filter((w) => /\w/.test(w)).length;
	return { html, sections: md.state.sections, moduleLinks: moduleLinksOf(md, body, bodyLine), problems, words };
}
