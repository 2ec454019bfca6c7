// The test server refuses a draft Liquid cannot tokenize, as porta's check_liquid_syntax does.
import { describe, expect, it } from 'vitest';
import { liquidSyntaxError } from '../../../threescale-server/liquid-syntax';

describe('liquidSyntaxError', () => {
  it('refuses an unterminated tag or variable with Liquid’s words, accepts terminated ones across lines', () => {
    expect(liquidSyntaxError('{% if a %}x{% endif %}')).toBeNull();
    expect(liquidSyntaxError('{% if a\n %}x{% endif %}{{ b\n}}')).toBeNull();
    expect(liquidSyntaxError('<p>{% if a </p>')).toBe("Liquid syntax error: Tag '{%' was not properly terminated with regexp: /\\%\\}/");
    expect(liquidSyntaxError('<p>{{ name </p>')).toBe("Liquid syntax error: Variable '{{' was not properly terminated with regexp: /\\}\\}/");
  });
});
