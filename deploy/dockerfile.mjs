// Reads a Dockerfile into stages of instructions (continuation lines joined, comments dropped), so the
// rehearsal script and the tests check the very lines Docker would run. No Docker engine needed.

/** @typedef {{ keyword: string, args: string }} Instruction */
/** @typedef {{ from: string, name: string | null, instructions: Instruction[] }} Stage */

/** @param {string} text @returns {Stage[]} */
export function parseDockerfile(text) {
  const logical = [];
  let pending = '';
  for (const raw of text.split('\n')) {
    const line = raw.trim();
    if (pending === '' && (line === '' || line.startsWith('#'))) continue;
    if (line.startsWith('#')) continue; // a comment inside a continued instruction
    if (line.endsWith('\\')) {
      pending += `${line.slice(0, -1).trim()} `;
      continue;
    }
    logical.push(`${pending}${line}`.trim());
    pending = '';
  }
  /** @type {Stage[]} */
  const stages = [];
  for (const line of logical) {
    const match = /^(\w+)\s+(.*)$/s.exec(line);
    if (!match) continue;
    const keyword = match[1].toUpperCase();
    const args = match[2].trim();
    if (keyword === 'FROM') {
      const [from, as, name] = args.split(/\s+/);
      stages.push({ from, name: as?.toUpperCase() === 'AS' ? name : null, instructions: [] });
    } else if (stages.length > 0) {
      stages.at(-1).instructions.push({ keyword, args });
    }
  }
  return stages;
}

/** The JSON array of an exec-form instruction (CMD ["node", "x"]), or null for shell form. */
export function execForm(args) {
  const json = args.replace(/^(--\S+\s+)*CMD\s+/, '');
  if (!json.startsWith('[')) return null;
  return JSON.parse(json);
}
