// Passwords of 10 or more characters that are guessed first in any attack, and the shapes they take.
const common = new Set(
	`1234567890 0123456789 0987654321 9876543210 1122334455 1111111111 0000000000 1212121212
	123456789a a123456789 1q2w3e4r5t 1qaz2wsx3edc qwertyuiop qwertyuiop1 qwerty1234 qwerty12345
	qwerty123456 asdfghjkl1 asdfghjkl; zxcvbnm123 password12 password123 password1234 password12345
	password01 passw0rd12 p@ssw0rd12 p@ssword123 passwordpassword password!! password1! letmein123
	letmeinplease welcome123 welcome1234 welcome2024 welcome2025 welcome2026 iloveyou12 iloveyou123
	sunshine12 sunshine123 football12 football123 baseball123 princess12 princess123 monkey12345
	dragon12345 michael123 liverpool1 liverpool123 chelsea123 arsenal123 manchester1 superman123
	batman1234 starwars12 trustno1234 computer12 computer123 internet12 changeme12 changeme123
	administrator admin12345 admin123456 administrator1 secret1234 mypassword mypassword1
	abcdefghij abcdefghijk abcd123456 abc1234567 aaaaaaaaaa qazwsxedcrfv 1q2w3e4r5t6y
	zaq12wsxcde qwertyuiopasdfghjkl 1234qwerty qwerty2024 qwerty2025 summer2024 summer2025 summer2026
	winter2024 winter2025 autumn2025 spring2025 spring2026 january2026 november2026 london1234
	england123 password2024 password2025 password2026 impartial1 impartiality sendiass123
	volunteer1 volunteer123 demo-password`.split(/\s+/)
);

export function isCommonPassword(password: string): boolean {
	const p = password.toLowerCase();
	if (common.has(p)) return true;
	// One character repeated, or a run of consecutive digits or letters.
	if (/^(.)\1+$/.test(p)) return true;
	if ('01234567890123456789'.includes(p) || 'abcdefghijklmnopqrstuvwxyz'.includes(p)) return true;
	// "password" followed only by digits or symbols.
	return /^(password|passw0rd|p@ssw0rd|qwerty|letmein|welcome)[\d!@#$%^&*.]*$/.test(p);
}
