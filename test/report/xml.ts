/** A strict little XML well-formedness check for the SVG we generate (tests only). */
export function checkWellFormed(xml: string): { ok: true } | { ok: false; error: string } {
  const stack: string[] = [];
  const token =
    /<!--[\s\S]*?-->|<(\/?)([A-Za-z][\w:-]*)((?:\s+[\w:-]+="[^"<]*")*)\s*(\/?)>|<|&(?!(?:amp|lt|gt|quot|#39);)/g;
  let m: RegExpExecArray | null;
  let last = 0;
  while ((m = token.exec(xml))) {
    if (m[0] === '<')
      return {
        ok: false,
        error: `stray or malformed tag at ${m.index}: ${xml.slice(m.index, m.index + 40)}`,
      };
    if (m[0].startsWith('&')) return { ok: false, error: `unescaped & at ${m.index}` };
    last = m.index + m[0].length;
    if (m[0].startsWith('<!--')) continue;
    const [, close, name, , selfClose] = m;
    if (close) {
      const open = stack.pop();
      if (open !== name) return { ok: false, error: `</${name}> closes <${open}>` };
    } else if (!selfClose) stack.push(name);
    if (stack.length === 0 && last < xml.trim().length) {
      return { ok: false, error: `content after the root element at ${last}` };
    }
  }
  if (stack.length) return { ok: false, error: `unclosed <${stack.join('>, <')}>` };
  return { ok: true };
}
