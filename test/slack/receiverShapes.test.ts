import { describe, expect, it } from 'vitest';
import { slackBodyProblem } from '../../src/slack/receiver/bodyShape.js';
import { envelopeProblem } from '../../src/slack/receiver/guardedSocketMode.js';

// What reaches Bolt: only bodies and Socket Mode envelopes of a shape Slack sends. The process-level
// proof (a real process answering 400 and staying up) is test/reliability/crash.test.ts.

const FORM = 'application/x-www-form-urlencoded';
const form = (fields: Record<string, string>) => new URLSearchParams(fields).toString();

describe('the HTTP body check', () => {
  it.each([
    ['a slash command', form({ command: '/flow', text: 'status' }), FORM],
    ['an interactive payload', form({ payload: JSON.stringify({ type: 'block_actions', actions: [{ action_id: 'flow_pick_up' }] }) }), FORM],
    ['a view submission', form({ payload: JSON.stringify({ type: 'view_submission', view: {} }) }), FORM],
    ['an Events API envelope', JSON.stringify({ type: 'event_callback', event: { type: 'app_home_opened' } }), 'application/json'],
    ['a URL verification', JSON.stringify({ type: 'url_verification', challenge: 'c' }), 'application/json'],
    ['an SSL check', form({ ssl_check: '1', token: 't' }), FORM],
  ])('lets %s through', (_name, body, contentType) => {
    expect(slackBodyProblem(body, contentType)).toBeNull();
  });

  it.each([
    ['null', 'application/json', 'the body is null, not an object'],
    ['[1]', 'application/json', 'the body is an array, not an object'],
    ['3', 'application/json', 'the body is a number, not an object'],
    ['', 'application/json', 'the body is not valid JSON (Unexpected end of JSON input)'],
    [form({ payload: 'null' }), FORM, 'the body is null, not an object'],
    [form({ payload: '{' }), FORM, 'the body is not valid JSON in its payload field'],
    [form({ text: 'status' }), FORM, 'the body has neither a command nor a type'],
    [form({ command: 'flow' }), FORM, 'the body has a command that is not a slash command'],
    ['{"type":"event_callback","event":"x"}', 'application/json', 'the body has an event callback without an event'],
    [form({ payload: '{"type":"block_actions","actions":{}}' }), FORM, 'the body has block actions without a list of actions'],
  ])('refuses %j (%s): %s', (body, contentType, problem) => {
    expect(slackBodyProblem(body, contentType)).toContain(problem);
  });
});

describe('the Socket Mode envelope check', () => {
  it.each([
    '{"type":"hello"}',
    '{"type":"disconnect","reason":"refresh_requested"}',
    '{"type":"slash_commands","envelope_id":"e","payload":{"command":"/flow"}}',
    '{"type":"events_api","envelope_id":"e","payload":{"event":{"type":"app_home_opened"}}}',
  ])('lets %s through', (message) => {
    expect(envelopeProblem(message)).toBeNull();
    expect(envelopeProblem(Buffer.from(message))).toBeNull();
  });

  it.each([
    ['null', 'not a JSON object'],
    ['nope', 'not JSON'],
    ['{"type":"error"}', 'an unknown envelope type ("error")'],
    ['{"type":"slash_commands","payload":{}}', 'the slash_commands envelope has no envelope_id'],
    ['{"type":"interactive","envelope_id":"e","payload":null}', 'the interactive envelope has no payload object'],
    ['{"type":"events_api","envelope_id":"e","payload":{"event":[]}}', 'an events_api envelope without an event'],
  ])('refuses %s: %s', (message, problem) => {
    expect(envelopeProblem(message)).toBe(problem);
  });
});
