import { describe, expect, it } from 'vitest';
import { clientAddress } from './address';

describe('client address', () => {
	it("is the proxy's header when there is one", () => {
		expect(clientAddress({ getClientAddress: () => '203.0.113.9', platform: undefined })).toBe('203.0.113.9');
	});

	it('falls back to the connection when the header is missing, instead of failing the request', () => {
		const missing = () => {
			throw new Error('Address header was specified with ADDRESS_HEADER=X-Forwarded-For but is absent from request');
		};
		expect(
			clientAddress({ getClientAddress: missing, platform: { req: { socket: { remoteAddress: '127.0.0.1' } } } })
		).toBe('127.0.0.1');
		expect(clientAddress({ getClientAddress: missing, platform: undefined })).toBe('unknown');
	});
});
