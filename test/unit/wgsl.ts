/**
 * Just enough of a WGSL reader for test/unit/abi.test.ts: the module-scope declarations (structs, resource bindings,
 * constants, overrides, functions) and, per function, what it calls and which names it reads. It assumes the style
 * of shaders/ (no nested block comments, one declaration per statement), not all of WGSL.
 */

export interface Binding {
  group: number;
  binding: number;
  name: string;
  /** `uniform`, `storage` (read-only) or `storage, read_write`. */
  space: string;
  type: string;
}

export interface WgslFunction {
  name: string;
  /** Attributes before `fn`, such as `@compute @workgroup_size(WG)`. */
  attributes: string;
  /** Names of the parameters and of every `let`/`var` inside: these shadow module-scope names. */
  locals: Set<string>;
  calls: Set<string>;
  /** Names read that are not members (`a.b` gives a only). */
  names: Set<string>;
}

export interface WgslModule {
  structs: Map<string, [string, string][]>;
  bindings: Binding[];
  consts: Map<string, string>;
  /** Name → its default, undefined when it has none. */
  overrides: Map<string, string | undefined>;
  functions: Map<string, WgslFunction>;
  /** Functions defined more than once. */
  redefined: string[];
}

/** Builtin functions and type constructors the kernels call. */
export const WGSL_BUILTINS = new Set(
  (
    'abs min max clamp select exp log sqrt pow dot transpose bitcast f32 u32 i32 bool vec2 vec3 vec4 mat4x4 array ' +
    'workgroupBarrier storageBarrier subgroupAdd subgroupExclusiveAdd subgroupBroadcastFirst'
  ).split(' '),
);
const KEYWORDS = new Set('if for while switch return loop let var const fn'.split(' '));

const stripComments = (code: string) => code.replace(/\/\*[\s\S]*?\*\//g, ' ').replace(/\/\/[^\n]*/g, '');
const squash = (s: string) => s.replace(/\s+/g, '');

/** Splits on commas outside <…> and (…). */
function splitTopLevel(text: string): string[] {
  const parts: string[] = [];
  let depth = 0;
  let current = '';
  for (const ch of text) {
    if (ch === '<' || ch === '(') depth++;
    if (ch === '>' || ch === ')') depth--;
    if (ch === ',' && depth === 0) {
      parts.push(current);
      current = '';
    } else current += ch;
  }
  if (current.trim()) parts.push(current);
  return parts.map((p) => p.trim()).filter((p) => p);
}

/** Index just past the brace block that opens at `open`. */
function blockEnd(code: string, open: number): number {
  let depth = 0;
  for (let i = open; i < code.length; i++) {
    if (code[i] === '{') depth++;
    else if (code[i] === '}' && --depth === 0) return i + 1;
  }
  throw new Error('unbalanced braces');
}

export function parseWgsl(source: string): WgslModule {
  const code = stripComments(source);
  const functions = new Map<string, WgslFunction>();
  const redefined: string[] = [];
  let topLevel = '';
  let last = 0;
  const fnHead = /((?:@\w+(?:\([^)]*\))?\s*)*)fn\s+(\w+)\s*\(([^)]*)\)[^{]*/g;
  for (let m = fnHead.exec(code); m; m = fnHead.exec(code)) {
    const open = m.index + m[0].length;
    const end = blockEnd(code, open);
    const body = code.slice(open, end);
    const name = m[2] as string;
    const params = splitTopLevel(m[3] as string).map((p) => (p.replace(/@\w+\([^)]*\)/g, '').split(':')[0] as string).trim());
    const locals = new Set([...params, ...[...body.matchAll(/\b(?:let|var)\s+(\w+)/g)].map((l) => l[1] as string)]);
    const calls = new Set(
      [...body.matchAll(/(?<![.\w])([A-Za-z_]\w*)\s*(?:<[^;{}()]*?>)?\s*\(/g)].map((c) => c[1] as string).filter((c) => !KEYWORDS.has(c)),
    );
    const names = new Set([...body.matchAll(/(?<![.\w])([A-Za-z_]\w*)/g)].map((n) => n[1] as string));
    if (functions.has(name)) redefined.push(name);
    functions.set(name, { name, attributes: m[1] as string, locals, calls, names });
    topLevel += code.slice(last, m.index);
    last = end;
    fnHead.lastIndex = end;
  }
  topLevel += code.slice(last);

  const structs = new Map<string, [string, string][]>();
  for (const m of topLevel.matchAll(/struct\s+(\w+)\s*\{([^}]*)\}/g)) {
    const fields = splitTopLevel(m[2] as string).map((f) => {
      const [name, type] = f.split(':').map((s) => s.trim());
      return [name, squash(type ?? '')] as [string, string];
    });
    structs.set(m[1] as string, fields);
  }
  const bindings = [...topLevel.matchAll(/@group\((\d+)\)\s*@binding\((\d+)\)\s*var<([^>]*)>\s*(\w+)\s*:\s*([^;]+);/g)].map((m) => ({
    group: Number(m[1]),
    binding: Number(m[2]),
    space: (m[3] as string)
      .split(',')
      .map((s) => s.trim())
      .join(', '),
    name: m[4] as string,
    type: squash(m[5] as string),
  }));
  const consts = new Map(
    [...topLevel.matchAll(/\bconst\s+(\w+)\s*(?::\s*\w+)?\s*=\s*([^;]+);/g)].map((m) => [m[1] as string, (m[2] as string).trim()]),
  );
  const overrides = new Map(
    [...topLevel.matchAll(/\boverride\s+(\w+)\s*(?::\s*\w+)?\s*(?:=\s*([^;]+))?;/g)].map((m) => [m[1] as string, m[2]?.trim()]),
  );
  return { structs, bindings, consts, overrides, functions, redefined };
}

/** The functions an entry point reaches through calls, itself included. */
export function reachable(module: WgslModule, entry: string): WgslFunction[] {
  const seen = new Map<string, WgslFunction>();
  const visit = (name: string) => {
    const f = module.functions.get(name);
    if (!f || seen.has(name)) return;
    seen.set(name, f);
    for (const c of f.calls) visit(c);
  };
  visit(entry);
  return [...seen.values()];
}

/** Module-scope bindings an entry point reads or writes (by name, where no local of the same name shadows it). */
export function bindingsUsed(module: WgslModule, entry: string): Binding[] {
  const functions = reachable(module, entry);
  return module.bindings.filter((b) => functions.some((f) => f.names.has(b.name) && !f.locals.has(b.name)));
}
