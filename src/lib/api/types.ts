/** A photo as FOKO-API.md describes it; only the fields the app uses. */
export interface Photo {
  objectId: string;
  createdAt: string;
  updatedAt?: string;
  description?: string;
  largeImage: string;
  largeImageLength?: number;
  mediumImage?: string;
  mediumImageLength?: number;
}

/** Where the app talks to and with which key. `apiUrl` is absolute (resolved against the page). */
export interface Connection {
  apiUrl: string;
  apiKey: string;
}
