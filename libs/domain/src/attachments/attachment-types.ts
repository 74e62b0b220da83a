/**
 * The kinds of supporting document a package accepts, what their content starts with, and the
 * file-name extensions and media types each may be declared as. The content decides the type;
 * the name and the declared media type must agree with it.
 */
export type AttachmentKind = 'pdf' | 'png' | 'jpeg' | 'docx' | 'xlsx' | 'pptx' | 'doc' | 'xls' | 'ppt';

export interface AttachmentType {
  kind: AttachmentKind;
  /** the Content-Type the file is served with */
  contentType: string;
  /** file-name extensions (lower case, no dot) a file of this kind may carry */
  extensions: readonly string[];
  /** whether browsers show it inline (preview); the others are always downloaded */
  inline: boolean;
}

export const ATTACHMENT_TYPES: Record<AttachmentKind, AttachmentType> = {
  pdf: { kind: 'pdf', contentType: 'application/pdf', extensions: ['pdf'], inline: true },
  png: { kind: 'png', contentType: 'image/png', extensions: ['png'], inline: true },
  jpeg: { kind: 'jpeg', contentType: 'image/jpeg', extensions: ['jpg', 'jpeg'], inline: true },
  docx: { kind: 'docx', contentType: 'application/vnd.openxmlformats-officedocument.wordprocessingml.document', extensions: ['docx'], inline: false },
  xlsx: { kind: 'xlsx', contentType: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet', extensions: ['xlsx'], inline: false },
  pptx: { kind: 'pptx', contentType: 'application/vnd.openxmlformats-officedocument.presentationml.presentation', extensions: ['pptx'], inline: false },
  doc: { kind: 'doc', contentType: 'application/msword', extensions: ['doc'], inline: false },
  xls: { kind: 'xls', contentType: 'application/vnd.ms-excel', extensions: ['xls'], inline: false },
  ppt: { kind: 'ppt', contentType: 'application/vnd.ms-powerpoint', extensions: ['ppt'], inline: false },
};

/** The extensions accepted, for file pickers (`accept`) and messages. */
export const ATTACHMENT_EXTENSIONS: readonly string[] = Object.values(ATTACHMENT_TYPES).flatMap((t) => t.extensions);

/** Media types a client may declare for any file (it does not know better); the content decides. */
export const GENERIC_CONTENT_TYPES: readonly string[] = ['', 'application/octet-stream', 'binary/octet-stream'];

/** The default largest attachment, bytes (ATTACHMENT_MAX_BYTES overrides it on the server). */
export const DEFAULT_ATTACHMENT_MAX_BYTES = 20 * 1024 * 1024;

/** Attachments one package may hold. */
export const MAX_ATTACHMENTS_PER_PACKAGE = 200;

/** The longest file name kept, in characters. */
export const MAX_ATTACHMENT_NAME_LENGTH = 200;
