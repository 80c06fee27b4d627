// Authenticator app codes (TOTP, RFC 6238): 6 digits, 30-second steps, SHA-1, as every common app
// expects. A code is accepted one step either side of now, for clocks that drift, and never twice.
import { Secret, TOTP } from 'otpauth';
import QRCode from 'qrcode';

const period = 30;
const digits = 6;
/** Steps either side of the current one a code may come from. */
export const totpWindow = 1;

export function newTotpSecret(): string {
	return new Secret({ size: 20 }).base32;
}

function totpFor(secret: string, label = '', issuer = '') {
	return new TOTP({ issuer, label, secret: Secret.fromBase32(secret), algorithm: 'SHA1', digits, period });
}

/** The secret in groups of four, to read and type into an app by hand. */
export const groupedSecret = (secret: string) => secret.match(/.{1,4}/g)!.join(' ');

/** The otpauth:// address an app reads from the QR code. */
export function totpUri(secret: string, account: string, issuer: string): string {
	return totpFor(secret, account, issuer).toString();
}

/** The QR code of the otpauth:// address, as an SVG to put in the page. */
export function totpQrSvg(uri: string): Promise<string> {
	return QRCode.toString(uri, { type: 'svg', errorCorrectionLevel: 'M', margin: 2 });
}

/** What a person typed, with spaces and dashes taken out; null unless it is 6 digits. */
export function readTotpCode(typed: string): string | null {
	const code = typed.replace(/[\s-]/g, '');
	return /^\d{6}$/.test(code) ? code : null;
}

/**
 * The time step a code belongs to, when it is right for a step within the window of `at` and later
 * than `lastStep` (the last one accepted), so a code seen once is refused from then on; else null.
 */
export function totpStep(secret: string, code: string, lastStep: number | null, at = Date.now()): number | null {
	const typed = readTotpCode(code);
	if (!typed) return null;
	const totp = totpFor(secret);
	const current = Math.floor(at / 1000 / period);
	// The steps are tried newest first, so of two right answers the later one is taken.
	for (let delta = totpWindow; delta >= -totpWindow; delta--) {
		const step = current + delta;
		if (lastStep !== null && step <= lastStep) continue;
		if (totp.generate({ timestamp: step * period * 1000 }) === typed) return step;
	}
	return null;
}

/** The code an app would show at `at` (for tests and the demo). */
export function totpCode(secret: string, at = Date.now()): string {
	return totpFor(secret).generate({ timestamp: at });
}
