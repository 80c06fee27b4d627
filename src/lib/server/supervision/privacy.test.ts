import { describe, expect, it } from 'vitest';
import { personalDetailIn, personalDetailMessage } from './privacy';

describe('personal detail in free text', () => {
	it('finds email addresses', () => {
		expect(personalDetailIn('Mum asked us to reply to jane.smith@example.co.uk about it')).toBe('an email address');
		expect(personalDetailIn('PARENT@EXAMPLE.ORG')).toBe('an email address');
	});

	it.each([
		'07700 900123',
		'+44 7700 900123',
		'0191 123 4567',
		'(0191) 1234567',
		'07700900123',
		'+44 (0)191 123 4567',
		'0191-123-4567'
	])('finds the phone number %s', (phone) => {
		expect(personalDetailIn(phone)).toBe('a phone number');
		expect(personalDetailIn(`Dad said to ring him on ${phone} after school.`)).toBe('a phone number');
	});

	it.each(['NE1 4ST', 'ne14st', 'SW1A 1AA', 'sw1a1aa', 'M1 1AE', 'CR2 6XH'])('finds the postcode %s', (postcode) => {
		expect(personalDetailIn(postcode)).toBe('a postcode');
		expect(personalDetailIn(`The family moved to ${postcode} in the summer.`)).toBe('a postcode');
	});

	it.each([
		'NS-2026-0142',
		'2026-11-02',
		'09:30',
		'KS2 3rd',
		'KS1 2nd',
		'Year 6',
		'We met at 09:30 on 2026-11-02 to talk through NS-2026-0142 and NS-2026-0143.',
		'Talked through the EHC needs assessment timescales: 6 weeks to decide, 20 weeks in all.',
		'Reflected on staying impartial when the school and the parent disagree about the KS2 3rd term review.',
		'Year 6 transition; session lasted 60 minutes; 3 actions agreed.'
	])('does not flag %j', (text) => {
		expect(personalDetailIn(text)).toBeNull();
	});

	it('tells the writer to use the case reference instead', () => {
		expect(personalDetailMessage('Discussion', 'a phone number', 'NS-2026-0142')).toBe(
			'Discussion contains what looks like a phone number. Remove it and refer to the family by case reference, like NS-2026-0142'
		);
	});
});
