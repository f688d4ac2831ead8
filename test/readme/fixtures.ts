/**
 * Declarations for fragments, by the name a `<!-- snippet: fixture=NAME -->` comment above
 * the fence gives. Each declares, with its type, what the document says the fragment's names
 * are; the fragment brings its own imports.
 */
export const FIXTURES: Record<string, string> = {};
