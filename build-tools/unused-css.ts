// Drops the CSS rules no element of the app can match: PatternFly ships about 1 MiB of
// CSS for all its components, and a component's CSS comes along with the package's
// index even when the app never renders it. A class can only be on an element if the
// app's JS or HTML names it (PatternFly's React components take their class names from
// the style objects bundled with them), so a selector that requires a class appearing
// in no emitted chunk can never match, and its rule goes. Conservative where it cannot
// tell: classes inside :not()/:is()/:where()/:has() or attribute selectors, and escaped
// class names, keep their selector.
import postcss, { type AtRule, type Container } from 'postcss';

/** Every word (letters, digits, _ and -) of a text: the class names it could set. */
export function wordsOf(text: string): Set<string> {
  return new Set(text.match(/[\w-]+/g) ?? []);
}

/** The classes an element must have for the selector to match it, or null when unsure. */
export function requiredClasses(selector: string): string[] | null {
  if (selector.includes('\\')) return null;
  let plain = selector.replace(/\[[^\]]*\]/g, '');
  // Functional pseudo-classes, innermost first: what they hold is not required.
  for (let previous = ''; previous !== plain; ) {
    previous = plain;
    plain = plain.replace(/:[\w-]+\([^()]*\)/g, '');
  }
  return [...plain.matchAll(/\.(-?[_a-zA-Z][\w-]*)/g)].map((match) => match[1] ?? '');
}

export interface UnusedCssResult {
  css: string;
  rulesBefore: number;
  rulesAfter: number;
}

function hasNoRules(container: Container): boolean {
  return (container.nodes ?? []).every((node) => node.type === 'comment');
}

/** The CSS without the selectors (and rules, and emptied at-rules) that need a class not in `used`. */
export function dropUnusedRules(css: string, used: ReadonlySet<string>): UnusedCssResult {
  const root = postcss.parse(css);
  let rulesBefore = 0;
  let rulesAfter = 0;
  root.walkRules((rule) => {
    const parent = rule.parent;
    if (parent?.type === 'atrule' && /keyframes$/i.test((parent as AtRule).name)) return;
    rulesBefore += 1;
    const kept = rule.selectors.filter((selector) => {
      const classes = requiredClasses(selector);
      return classes === null || classes.every((name) => used.has(name));
    });
    if (kept.length === 0) {
      rule.remove();
      return;
    }
    rulesAfter += 1;
    if (kept.length !== rule.selectors.length) rule.selectors = kept;
  });
  // @media and @supports left without rules go too; @font-face and the like have declarations.
  root.walkAtRules((atRule) => {
    if (/^(media|supports|container|layer)$/i.test(atRule.name) && atRule.nodes && hasNoRules(atRule)) atRule.remove();
  });
  return { css: root.toString(), rulesBefore, rulesAfter };
}
