// A link's QR code, drawn by the qrcode library: SVG for print, PNG for anything that takes images.
import QRCode from 'qrcode';

const options = { errorCorrectionLevel: 'M' as const, margin: 4 };

export function qrSvg(address: string): Promise<string> {
	return QRCode.toString(address, { ...options, type: 'svg' });
}

export function qrPng(address: string): Promise<Buffer> {
	return QRCode.toBuffer(address, { ...options, type: 'png', width: 600 });
}
