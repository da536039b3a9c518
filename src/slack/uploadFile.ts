import type { webApi } from '@slack/bolt';

// A picture into a channel with Slack's external upload (files:write): files.getUploadURLExternal,
// a POST of the bytes to the URL it returns, then files.completeUploadExternal with the channel.
// @slack/web-api's filesUploadV2 does exactly these three steps. Never throws: a failed upload is
// told to the caller, who posts the text regardless.

export type UploadOutcome = { ok: true; fileId: string | null } | { ok: false; error: string };

export interface FileToShare {
  channelId: string;
  filename: string;
  title: string;
  bytes: Buffer;
  /** alt text and the message shown with it */
  comment?: string;
}

export async function shareFile(client: webApi.WebClient, file: FileToShare): Promise<UploadOutcome> {
  try {
    const result = await client.filesUploadV2({
      channel_id: file.channelId,
      file: file.bytes,
      filename: file.filename,
      title: file.title,
      ...(file.comment ? { initial_comment: file.comment } : {}),
    });
    const shared = (result as { files?: Array<{ files?: Array<{ id?: string }> }> }).files?.[0]?.files?.[0]?.id ?? null;
    return { ok: true, fileId: shared };
  } catch (error) {
    return { ok: false, error: slackErrorCode(error) };
  }
}

/** Slack's error code ("missing_scope", "not_in_channel"), or what went wrong in a word or two. */
function slackErrorCode(error: unknown): string {
  const data = (error as { data?: { error?: unknown; needed?: unknown } }).data;
  if (typeof data?.error === 'string') return data.error === 'missing_scope' && typeof data.needed === 'string' ? `missing_scope (${data.needed})` : data.error;
  return error instanceof Error ? error.message : String(error);
}
