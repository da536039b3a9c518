import type http from 'node:http';

// Slack's external file upload, as the fake Slack serves it (mounted by fakeSlack.ts):
//   1. files.getUploadURLExternal (filename, length) → an upload URL and a file id;
//   2. an HTTP POST of the file's bytes to that URL (answered 200 "OK - <length>", like Slack);
//   3. files.completeUploadExternal (files: [{ id, title }], channel_id, initial_comment) shares it.
// Each upload is recorded with its bytes, so a test can check that the picture arrived whole.

export interface FakeFileUpload {
  fileId: string;
  filename: string;
  /** the length announced in step 1 */
  length: number;
  /** the bytes POSTed in step 2; null until they arrive */
  bytes: Buffer | null;
  /** set by step 3 */
  completed: boolean;
  channelId: string | null;
  title: string | null;
  initialComment: string | null;
}

export interface FakeFileUploads {
  uploads: FakeFileUpload[];
  /** the uploads completed into a channel, in order */
  sharedIn(channelId: string): FakeFileUpload[];
  /** true when it handles the request (a POST to an upload URL): raw bytes, or multipart/form-data with one file */
  handleUploadRequest(path: string, raw: Buffer, contentType: string, res: http.ServerResponse, done: () => void): boolean;
  /** an answer for the files.* methods, or null when `method` is not one of them */
  answer(method: string, body: Record<string, unknown>): Record<string, unknown> | null;
  reset(): void;
}

const UPLOAD_PATH = '/upload/';

export function createFakeFileUploads(origin: () => string): FakeFileUploads {
  let counter = 0;
  const uploads: FakeFileUpload[] = [];
  const byId = (id: unknown) => uploads.find((u) => u.fileId === id);

  return {
    uploads,
    sharedIn: (channelId) => uploads.filter((u) => u.completed && u.channelId === channelId),
    handleUploadRequest(path, raw, contentType, res, done) {
      if (!path.startsWith(UPLOAD_PATH)) return false;
      const upload = byId(decodeURIComponent(path.slice(UPLOAD_PATH.length)));
      if (!upload) {
        res.writeHead(404, { 'content-type': 'text/plain' }).end('no such upload');
        done();
        return true;
      }
      void fileBytes(raw, contentType).then((bytes) => {
        if (bytes === null) {
          res.writeHead(400, { 'content-type': 'text/plain' }).end('no file in the form');
        } else {
          upload.bytes = bytes;
          res.writeHead(200, { 'content-type': 'text/plain' }).end(`OK - ${bytes.length}`);
        }
        done();
      });
      return true;
    },
    answer(method, body) {
      switch (method) {
        case 'files.getUploadURLExternal': {
          const filename = typeof body.filename === 'string' ? body.filename : '';
          const length = Number(body.length);
          if (!filename || !Number.isInteger(length) || length <= 0) return { ok: false, error: 'invalid_arguments' };
          counter += 1;
          const fileId = `F${String(counter).padStart(6, '0')}`;
          uploads.push({ fileId, filename, length, bytes: null, completed: false, channelId: null, title: null, initialComment: null });
          return { ok: true, upload_url: `${origin()}${UPLOAD_PATH}${fileId}`, file_id: fileId };
        }
        case 'files.completeUploadExternal': {
          let files: unknown = body.files;
          if (typeof files === 'string') {
            try {
              files = JSON.parse(files);
            } catch {
              return { ok: false, error: 'invalid_arguments' };
            }
          }
          if (!Array.isArray(files) || files.length === 0) return { ok: false, error: 'invalid_arguments' };
          const completed: FakeFileUpload[] = [];
          for (const file of files as Array<{ id?: unknown; title?: unknown }>) {
            const upload = byId(file.id);
            // Like Slack: bytes that never arrived, or not as many as announced, cannot be completed.
            if (!upload || !upload.bytes || upload.bytes.length !== upload.length) return { ok: false, error: 'file_not_found' };
            completed.push(upload);
          }
          for (const upload of completed) {
            const title = (files as Array<{ id?: unknown; title?: unknown }>).find((f) => f.id === upload.fileId)?.title;
            upload.completed = true;
            upload.channelId = typeof body.channel_id === 'string' ? body.channel_id : null;
            upload.title = typeof title === 'string' ? title : null;
            upload.initialComment = typeof body.initial_comment === 'string' ? body.initial_comment : null;
          }
          return { ok: true, files: completed.map((u) => ({ id: u.fileId, name: u.filename, title: u.title ?? u.filename })) };
        }
        default:
          return null;
      }
    },
    reset() {
      uploads.length = 0;
    },
  };
}

/** The file's bytes: the body itself, or the one file of a multipart form (parsed by Node's own fetch Response). */
async function fileBytes(raw: Buffer, contentType: string): Promise<Buffer | null> {
  if (!contentType.toLowerCase().startsWith('multipart/form-data')) return raw;
  try {
    const form = await new Response(new Uint8Array(raw), { headers: { 'content-type': contentType } }).formData();
    for (const value of form.values()) if (typeof value !== 'string') return Buffer.from(await value.arrayBuffer());
    return null;
  } catch {
    return null;
  }
}
