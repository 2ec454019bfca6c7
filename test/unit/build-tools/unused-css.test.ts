import { describe, expect, it } from 'vitest';
import { dropUnusedRules, requiredClasses, wordsOf } from '../../../build-tools/unused-css';

describe('the classes a selector requires', () => {
  it.each([
    ['.pf-v5-c-button', ['pf-v5-c-button']],
    ['.pf-v5-c-button.pf-m-primary:hover', ['pf-v5-c-button', 'pf-m-primary']],
    ['.pf-v5-c-card .pf-v5-c-button>span::before', ['pf-v5-c-card', 'pf-v5-c-button']],
    ['html, body', []],
    [':root', []],
    ['.a:not(.b)', ['a']],
    [':where(.pf-v5-theme-dark) .pf-v5-c-button', ['pf-v5-c-button']],
    ['.a:is(.b, .c:not(.d))', ['a']],
    ['[class*="pf-v5-c-"] .x', ['x']],
    ['a[href$=".pdf"]', []],
  ])('%s → %j', (selector, classes) => {
    expect(requiredClasses(selector)).toEqual(classes);
  });

  it('cannot tell for escaped class names', () => {
    expect(requiredClasses('.pf-m-1\\/2')).toBeNull();
  });
});

describe('dropping rules nothing can match', () => {
  const css = [
    ':root{--pf-v5-global--Color:#151515}',
    '.pf-v5-c-button{color:red}',
    '.pf-v5-c-wizard{color:blue}',
    '.pf-v5-c-button,.pf-v5-c-wizard__nav{margin:0}',
    '.pf-v5-c-button:not(.pf-m-plain){border:1px}',
    '@media (min-width:768px){.pf-v5-c-wizard{display:grid}}',
    '@media (min-width:1200px){.pf-v5-c-button{display:flex}.pf-v5-c-wizard{display:grid}}',
    '@keyframes pf-spin{from{transform:rotate(0)}to{transform:rotate(1turn)}}',
    '@font-face{font-family:RedHatText;src:url(./RedHatText.woff2)}',
    'body{margin:0}',
  ].join('');
  const used = wordsOf('const styles = { button: "pf-v5-c-button", plain: "pf-m-plain" }; css(styles.button)');

  it('keeps what the bundle can use and everything without a class', () => {
    const result = dropUnusedRules(css, used);
    expect(result.css).toBe(
      [
        ':root{--pf-v5-global--Color:#151515}',
        '.pf-v5-c-button{color:red}',
        '.pf-v5-c-button{margin:0}',
        '.pf-v5-c-button:not(.pf-m-plain){border:1px}',
        '@media (min-width:1200px){.pf-v5-c-button{display:flex}}',
        '@keyframes pf-spin{from{transform:rotate(0)}to{transform:rotate(1turn)}}',
        '@font-face{font-family:RedHatText;src:url(./RedHatText.woff2)}',
        'body{margin:0}',
      ].join(''),
    );
    expect(result.rulesBefore).toBe(9);
    expect(result.rulesAfter).toBe(6);
  });

  it('changes nothing when every class is used', () => {
    expect(dropUnusedRules(css, wordsOf(css)).css).toBe(css);
  });
});
