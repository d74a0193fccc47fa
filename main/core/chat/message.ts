// The normalised chat message every import format produces.
export interface ChatMessage {
  /** Seconds from the start of the video. */
  offsetSec: number;
  /** Display name (or login) of the author; '' when unknown (deleted account). */
  author: string;
  text: string;
  /** Names of the emotes in the message, in order, when the format says which fragments are emotes. */
  emotes: string[];
}
