// The kinds of document the authoring area edits, and how each reads to people. Shared by server and pages.
export const editableKinds = ['modules', 'quizzes', 'policies', 'courses'] as const;
export type EditableKind = (typeof editableKinds)[number];

export const kindNames: Record<EditableKind, { one: string; many: string }> = {
	modules: { one: 'module', many: 'Modules' },
	quizzes: { one: 'quiz', many: 'Quizzes' },
	policies: { one: 'policy', many: 'Policies' },
	courses: { one: 'course', many: 'Courses' }
};
