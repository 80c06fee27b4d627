// The service's logo on a PDF. PDFKit embeds PNG as it is, but cannot draw SVG: a simple SVG (the
// basic shapes and paths, with plain fill and stroke attributes) is drawn shape by shape with
// PDFKit's own vector operations, so it stays sharp. An SVG using anything more (groups,
// transforms, styles, text, gradients, images) is left off rather than drawn wrongly.

const shapes = new Set(['circle', 'ellipse', 'rect', 'line', 'polyline', 'polygon', 'path']);
const ignored = new Set(['title', 'desc']);
const presentation = new Set(['fill', 'stroke', 'stroke-width', 'stroke-linejoin', 'stroke-linecap']);
const geometry: Record<string, string[]> = {
	circle: ['cx', 'cy', 'r'],
	ellipse: ['cx', 'cy', 'rx', 'ry'],
	rect: ['x', 'y', 'width', 'height', 'rx', 'ry'],
	line: ['x1', 'y1', 'x2', 'y2'],
	polyline: ['points'],
	polygon: ['points'],
	path: ['d']
};
const paint = /^(none|#[0-9a-f]{3}|#[0-9a-f]{6}|[a-z]+)$/i;
const pathData = /^[MmLlHhVvCcSsQqTtAaZz0-9eE.,+\-\s]*$/;

export interface LogoShape {
	tag: string;
	attrs: Record<string, string>;
}

export interface SimpleSvg {
	viewBox: [number, number, number, number];
	shapes: LogoShape[];
}

function attributesOf(text: string): Record<string, string> | null {
	const attrs: Record<string, string> = {};
	const rest = text.replace(/([\w:-]+)\s*=\s*("([^"]*)"|'([^']*)')/g, (_, name: string, _q, d?: string, s?: string) => {
		attrs[name] = d ?? s ?? '';
		return '';
	});
	return rest.trim() === '' || rest.trim() === '/' ? attrs : null;
}

/** The SVG's shapes, if it is simple enough to draw faithfully; null if not. */
export function parseSimpleSvg(svg: string): SimpleSvg | null {
	const text = svg
		.replace(/<\?xml[^>]*\?>/, '')
		.replace(/<!--[\s\S]*?-->/g, '')
		.trim();
	const root = /^<svg\b([^>]*)>([\s\S]*)<\/svg>$/.exec(text);
	if (!root) return null;
	const rootAttrs = attributesOf(root[1]!);
	if (!rootAttrs) return null;
	const box = (rootAttrs.viewBox ?? `0 0 ${rootAttrs.width ?? ''} ${rootAttrs.height ?? ''}`)
		.trim()
		.split(/[\s,]+/)
		.map(Number);
	if (box.length !== 4 || box.some((n) => !Number.isFinite(n)) || box[2]! <= 0 || box[3]! <= 0) return null;
	const found: LogoShape[] = [];
	let body = root[2]!.replace(/<(title|desc)\b[^>]*>[^<]*<\/\1>/g, '');
	const element = /^\s*<([a-z]+)\b([^>]*?)\/?>(?:\s*<\/\1>)?/;
	for (let match = element.exec(body); match; match = element.exec(body)) {
		const [whole, tag, rawAttrs] = match;
		body = body.slice(whole.length);
		if (ignored.has(tag!)) continue;
		if (!shapes.has(tag!)) return null;
		const attrs = attributesOf(rawAttrs!.replace(/\/$/, ''));
		if (!attrs) return null;
		for (const [name, value] of Object.entries(attrs)) {
			if (geometry[tag!]!.includes(name)) {
				if (
					name === 'd'
						? !pathData.test(value)
						: name === 'points'
							? !pathData.test(value)
							: !Number.isFinite(Number(value))
				)
					return null;
			} else if (presentation.has(name)) {
				if ((name === 'fill' || name === 'stroke') && !paint.test(value)) return null;
				if (name === 'stroke-width' && !Number.isFinite(Number(value))) return null;
			} else return null;
		}
		found.push({ tag: tag!, attrs });
	}
	if (body.trim() !== '' || !found.length) return null;
	return { viewBox: box as SimpleSvg['viewBox'], shapes: found };
}

const num = (attrs: Record<string, string>, name: string) => Number(attrs[name] ?? 0);

/** Draws a parsed SVG into a square of `size` points at (x, y). */
export function drawSimpleSvg(doc: PDFKit.PDFDocument, svg: SimpleSvg, x: number, y: number, size: number): void {
	const [bx, by, bw, bh] = svg.viewBox;
	const scale = size / Math.max(bw, bh);
	doc.save();
	doc.translate(x, y).scale(scale).translate(-bx, -by);
	for (const { tag, attrs } of svg.shapes) {
		const fill = attrs.fill ?? 'black';
		const stroke = attrs.stroke ?? 'none';
		if (fill === 'none' && stroke === 'none') continue;
		doc.lineWidth(Number(attrs['stroke-width'] ?? 1));
		doc.lineJoin((attrs['stroke-linejoin'] as 'miter' | 'round' | 'bevel') ?? 'miter');
		doc.lineCap((attrs['stroke-linecap'] as 'butt' | 'round' | 'square') ?? 'butt');
		if (tag === 'circle') doc.circle(num(attrs, 'cx'), num(attrs, 'cy'), num(attrs, 'r'));
		else if (tag === 'ellipse') doc.ellipse(num(attrs, 'cx'), num(attrs, 'cy'), num(attrs, 'rx'), num(attrs, 'ry'));
		else if (tag === 'rect') {
			const r = num(attrs, 'rx') || num(attrs, 'ry');
			if (r) doc.roundedRect(num(attrs, 'x'), num(attrs, 'y'), num(attrs, 'width'), num(attrs, 'height'), r);
			else doc.rect(num(attrs, 'x'), num(attrs, 'y'), num(attrs, 'width'), num(attrs, 'height'));
		} else if (tag === 'line')
			doc.moveTo(num(attrs, 'x1'), num(attrs, 'y1')).lineTo(num(attrs, 'x2'), num(attrs, 'y2'));
		else if (tag === 'polyline' || tag === 'polygon') {
			const p = (attrs.points ?? '')
				.trim()
				.split(/[\s,]+/)
				.map(Number);
			if (p.length < 4) continue;
			doc.moveTo(p[0]!, p[1]!);
			for (let i = 2; i + 1 < p.length; i += 2) doc.lineTo(p[i]!, p[i + 1]!);
			if (tag === 'polygon') doc.closePath();
		} else doc.path(attrs.d ?? '');
		if (fill !== 'none' && stroke !== 'none') doc.fillAndStroke(fill, stroke);
		else if (fill !== 'none') doc.fill(fill);
		else doc.stroke(stroke);
	}
	doc.restore();
}
