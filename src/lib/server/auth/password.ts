// Password rules and argon2id hashing.
import { hash, verify, type Algorithm } from '@node-rs/argon2';
import { z } from 'zod';
import { isCommonPassword } from './common-passwords';
import { takingTurns } from '../turns';

export const minPasswordLength = 10;
export const maxPasswordLength = 200;

export const newPasswordSchema = z
	.string()
	.min(minPasswordLength, `Password must be ${minPasswordLength} characters or more`)
	.max(maxPasswordLength, `Password must be ${maxPasswordLength} characters or fewer`)
	.refine((p) => !isCommonPassword(p), {
		message: 'Password is too common: choose one that other people would not guess'
	});

// 2 is Algorithm.Argon2id: the enum is a const enum, which isolated modules cannot read.
const options = { algorithm: 2 as Algorithm, memoryCost: 19456, timeCost: 2, parallelism: 1 };

// Each hash holds its 19 MiB for as long as it runs. A burst of sign-ins would otherwise hash as
// many at once as the thread pool allows, and the server's memory would jump by that much each
// time; two at a time keep a two-core server busy, and the rest wait their turn.
const inTurn = takingTurns(2);

export function hashPassword(password: string): Promise<string> {
	return inTurn(() => hash(password, options));
}

export async function verifyPassword(passwordHash: string, password: string): Promise<boolean> {
	try {
		return await inTurn(() => verify(passwordHash, password));
	} catch {
		return false;
	}
}

// A hash of nothing anyone knows, verified when the email is unknown so that a wrong email
// takes as long as a wrong password.
let decoyHash: Promise<string> | undefined;
export function decoyPasswordHash(): Promise<string> {
	decoyHash ??= inTurn(() => hash('not-a-real-password-for-anyone', options));
	return decoyHash;
}
