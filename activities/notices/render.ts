/**
 * Template text with {field} placeholders. A placeholder with no value is an error naming the
 * field, never an empty gap in a message someone reads.
 */

export class TemplateFieldMissing extends Error {
  override name = 'TemplateFieldMissing';
  constructor(
    readonly template: string,
    readonly field: string,
  ) {
    super(
      `通知模板“${template}”需要字段 {${field}}，但未提供 / template "${template}" needs field {${field}}, which was not given`,
    );
  }
}

const PLACEHOLDER = /\{([A-Za-z_][A-Za-z0-9_]*)\}/g;

/** The placeholder names a text uses, in order of first use. */
export function placeholders(text: string): string[] {
  return [...new Set([...text.matchAll(PLACEHOLDER)].map((m) => m[1]!))];
}

export function fill(template: string, text: string, values: Record<string, string>): string {
  return text.replace(PLACEHOLDER, (_, field: string) => {
    const v = values[field];
    if (v === undefined) throw new TemplateFieldMissing(template, field);
    return v;
  });
}
