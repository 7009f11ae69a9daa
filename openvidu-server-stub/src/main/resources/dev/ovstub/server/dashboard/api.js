// The dashboard's only way to the server: the same public API (/api/...) and control API (/stub/...) any client
// uses, with the browser's own Basic login (the page never sees the secret).
//
// Every URL is relative to the page, so the dashboard works wherever it is served: at /, or under the base path of
// openvidu.publicurl behind a proxy (https://host/openvidu/), over HTTP or HTTPS.

/** The absolute URL of a path relative to the page, without credentials (fetch() refuses them) or fragment. */
export function pageRelative(path) {
  const url = new URL(path, document.baseURI);
  url.username = "";
  url.password = "";
  url.hash = "";
  return url.href;
}

/** A call the server refused or could not answer: what was tried, the status (0: no answer) and why. */
export class ApiError extends Error {
  constructor(method, path, status, statusText, reason) {
    super(reason);
    this.method = method;
    this.path = path;
    this.status = status;
    this.statusText = statusText;
    this.reason = reason;
  }

  /** The reason in words, then the HTTP status and the call, e.g. "no recording with id x (404 Not Found, GET api/recordings/x)". */
  describe() {
    const status = this.status === 0 ? "no answer" : (this.status + (this.statusText ? " " + this.statusText : ""));
    return this.reason + " (" + status + ", " + this.method + " " + this.path + ")";
  }
}

const STATUS_TEXT = {400: "Bad Request", 401: "Unauthorized", 403: "Forbidden", 404: "Not Found", 405: "Method Not Allowed",
  406: "Not Acceptable", 409: "Conflict", 413: "Payload Too Large", 415: "Unsupported Media Type", 416: "Range Not Satisfiable",
  500: "Internal Server Error", 501: "Not Implemented", 502: "Bad Gateway", 503: "Service Unavailable", 504: "Gateway Timeout"};

/**
 * The reason of an error answer. The OpenVidu API (/api/...) answers errors with a status and no body, as 1.8 did:
 * the reason is only in the X-OpenVidu-Error header (non-ASCII and '%' written as %XX escapes of UTF-8). The control
 * API has the same header and a JSON body with "message". A proxy's own error has neither: then the status says it.
 */
async function reasonOf(response) {
  const header = response.headers.get("X-OpenVidu-Error");
  if (header) {
    try {
      return decodeURIComponent(header);
    } catch (e) {
      return header;
    }
  }
  try {
    const body = await response.json();
    if (body && typeof body.message === "string" && body.message) {
      return body.message;
    }
  } catch (e) {
    // no JSON body
  }
  if (response.status === 401) {
    return "not logged in: the server wants user OPENVIDUAPP and its secret";
  }
  return "the server gave no reason";
}

/**
 * Calls the server and returns the answer's JSON (null for an empty answer). Throws an ApiError in words for a
 * refused call or when the server cannot be reached.
 */
export async function call(method, path, body) {
  const init = {method, cache: "no-store", headers: {}};
  if (body !== undefined) {
    init.headers["Content-Type"] = "application/json";
    init.body = JSON.stringify(body);
  }
  let response;
  try {
    response = await fetch(pageRelative(path), init);
  } catch (e) {
    throw new ApiError(method, path, 0, "", "the server could not be reached (" + (e && e.message ? e.message : e) + ")");
  }
  if (!response.ok) {
    const reason = await reasonOf(response);
    throw new ApiError(method, path, response.status, response.statusText || STATUS_TEXT[response.status] || "", reason);
  }
  const text = await response.text();
  if (!text) {
    return null;
  }
  try {
    return JSON.parse(text);
  } catch (e) {
    throw new ApiError(method, path, response.status, response.statusText, "the answer is not JSON: " + e.message);
  }
}
