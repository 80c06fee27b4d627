// Random tokens for cookies and links. Only their SHA-256 is ever stored.
import { createHash, randomBytes } from 'node:crypto';

export function generateToken(): string {
	return randomBytes(32).toString('base64url');
}

export function hashToken(token: string): string {
	return createHash('sha256').update(token).digest('hex');
}
