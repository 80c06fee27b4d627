// IPS course cohorts: fair places, a waitlist that moves on its own, coordinators' decisions with
// reasons, attendance, and completion. Every change to places happens in a transaction that locks
// the cohort's row first, so two requests for the last place can never both get it.
export * from './schemas';
export * from './places';
export * from './cohorts';
export * from './attendance';
