// The Block Kit limits Slack enforces, checked by the fake Slack API so a test fails the moment
// flowlight builds a message Slack would reject (https://api.slack.com/reference/block-kit/blocks).

export const BLOCK_KIT_LIMITS = Object.freeze({
  blocks: 50,
  /** a Home tab (or modal) view holds up to 100 blocks */
  viewBlocks: 100,
  sectionText: 3000,
  sectionFields: 10,
  sectionFieldText: 2000,
  header: 150,
  buttonText: 75,
  actionElements: 25,
  contextElements: 10,
  messageText: 40_000,
  actionId: 255,
  buttonValue: 2000,
  blockId: 255,
});

type Json = Record<string, unknown>;

/** Every limit a message breaks; [] when Slack would accept it. */
export function blockKitViolations(message: Json): string[] {
  const problems: string[] = [];
  const text = message.text;
  const blocks = message.blocks;
  if (blocks !== undefined && !Array.isArray(blocks)) return ['blocks is not an array'];
  const hasText = typeof text === 'string' && text.trim() !== '';
  if (!hasText && !(Array.isArray(message.attachments) && message.attachments.length > 0)) {
    problems.push('missing text fallback (top-level text is empty)');
  }
  if (typeof text === 'string' && text.length > BLOCK_KIT_LIMITS.messageText) {
    problems.push(`text is ${text.length} characters; at most ${BLOCK_KIT_LIMITS.messageText}`);
  }
  problems.push(...blocksViolations((blocks ?? []) as unknown[], BLOCK_KIT_LIMITS.blocks));
  return problems;
}

/** Every limit a views.publish `view` breaks: a Home view, at most 100 blocks, each within its limits. */
export function viewViolations(view: unknown): string[] {
  if (!view || typeof view !== 'object' || Array.isArray(view)) return ['view is not an object'];
  const v = view as Json;
  const problems: string[] = [];
  if (v.type !== 'home') problems.push(`view type is ${String(v.type)}; views.publish takes type home`);
  if (!Array.isArray(v.blocks)) return [...problems, 'view blocks is not an array'];
  problems.push(...blocksViolations(v.blocks as unknown[], BLOCK_KIT_LIMITS.viewBlocks));
  return problems;
}

function blocksViolations(list: unknown[], maxBlocks: number): string[] {
  const problems: string[] = [];
  if (list.length > maxBlocks) problems.push(`${list.length} blocks; at most ${maxBlocks}`);
  const blockIds = new Set<string>();
  list.forEach((block, index) => {
    if (!block || typeof block !== 'object') {
      problems.push(`block ${index} is not an object`);
      return;
    }
    const b = block as Json;
    if (typeof b.block_id === 'string') {
      if (blockIds.has(b.block_id)) problems.push(`block ${index}: duplicate block_id ${b.block_id}`);
      blockIds.add(b.block_id);
      if (b.block_id.length > BLOCK_KIT_LIMITS.blockId) problems.push(`block ${index}: block_id too long`);
    }
    problems.push(...blockViolations(b, index));
  });
  return problems;
}

function blockViolations(b: Json, index: number): string[] {
  const at = `block ${index} (${String(b.type)})`;
  switch (b.type) {
    case 'section': {
      const out: string[] = [];
      const text = textOf(b.text);
      const fields = Array.isArray(b.fields) ? (b.fields as unknown[]) : [];
      if (text === null && fields.length === 0) out.push(`${at}: needs text or fields`);
      if (text !== null && text.length > BLOCK_KIT_LIMITS.sectionText) out.push(`${at}: text is ${text.length} characters; at most ${BLOCK_KIT_LIMITS.sectionText}`);
      if (text !== null && text.length === 0) out.push(`${at}: text is empty`);
      if (fields.length > BLOCK_KIT_LIMITS.sectionFields) out.push(`${at}: ${fields.length} fields; at most ${BLOCK_KIT_LIMITS.sectionFields}`);
      fields.forEach((field, i) => {
        const t = textOf(field) ?? '';
        if (t.length > BLOCK_KIT_LIMITS.sectionFieldText) out.push(`${at}: field ${i} is ${t.length} characters; at most ${BLOCK_KIT_LIMITS.sectionFieldText}`);
      });
      if (b.accessory) out.push(...elementViolations(b.accessory as Json, `${at} accessory`));
      return out;
    }
    case 'header': {
      const text = textOf(b.text) ?? '';
      if (!isPlainText(b.text)) return [`${at}: header text must be plain_text`];
      if (text.length === 0) return [`${at}: header text is empty`];
      return text.length > BLOCK_KIT_LIMITS.header ? [`${at}: header is ${text.length} characters; at most ${BLOCK_KIT_LIMITS.header}`] : [];
    }
    case 'context': {
      const elements = Array.isArray(b.elements) ? (b.elements as unknown[]) : [];
      const out: string[] = [];
      if (elements.length === 0) out.push(`${at}: no elements`);
      if (elements.length > BLOCK_KIT_LIMITS.contextElements) out.push(`${at}: ${elements.length} elements; at most ${BLOCK_KIT_LIMITS.contextElements}`);
      elements.forEach((element, i) => {
        const t = textOf(element);
        if (t !== null && t.length > BLOCK_KIT_LIMITS.sectionText) out.push(`${at}: element ${i} is ${t.length} characters; at most ${BLOCK_KIT_LIMITS.sectionText}`);
      });
      return out;
    }
    case 'actions': {
      const elements = Array.isArray(b.elements) ? (b.elements as Json[]) : [];
      const out: string[] = [];
      if (elements.length === 0) out.push(`${at}: no elements`);
      if (elements.length > BLOCK_KIT_LIMITS.actionElements) out.push(`${at}: ${elements.length} elements; at most ${BLOCK_KIT_LIMITS.actionElements}`);
      const actionIds = new Set<string>();
      elements.forEach((element, i) => {
        const id = element.action_id;
        if (typeof id === 'string') {
          if (actionIds.has(id)) out.push(`${at}: duplicate action_id ${id}`);
          actionIds.add(id);
        }
        out.push(...elementViolations(element, `${at} element ${i}`));
      });
      return out;
    }
    case 'divider':
      return [];
    default:
      return [];
  }
}

function elementViolations(element: Json, at: string): string[] {
  if (element.type !== 'button') return [];
  const out: string[] = [];
  const text = textOf(element.text) ?? '';
  if (!isPlainText(element.text)) out.push(`${at}: button text must be plain_text`);
  if (text.length === 0 || text.length > BLOCK_KIT_LIMITS.buttonText) out.push(`${at}: button text is ${text.length} characters; 1 to ${BLOCK_KIT_LIMITS.buttonText}`);
  if (typeof element.action_id === 'string' && element.action_id.length > BLOCK_KIT_LIMITS.actionId) out.push(`${at}: action_id too long`);
  if (typeof element.value === 'string' && element.value.length > BLOCK_KIT_LIMITS.buttonValue) out.push(`${at}: value is ${element.value.length} characters; at most ${BLOCK_KIT_LIMITS.buttonValue}`);
  return out;
}

function textOf(value: unknown): string | null {
  if (!value || typeof value !== 'object') return null;
  const text = (value as Json).text;
  return typeof text === 'string' ? text : null;
}

function isPlainText(value: unknown): boolean {
  return !!value && typeof value === 'object' && (value as Json).type === 'plain_text';
}
