// AWS Signature Version 4 in the browser (Web Crypto), for a server whose runtime API wants
// signed requests (BOT_API_AUTH=sigv4): the console signs as botocore does for the `lex` service.
"use strict";

const SigV4 = (() => {
  const encoder = new TextEncoder();
  const hex = (buffer) => [...new Uint8Array(buffer)].map((b) => b.toString(16).padStart(2, "0")).join("");
  const sha256 = async (data) => hex(await crypto.subtle.digest("SHA-256", typeof data === "string" ? encoder.encode(data) : data));
  async function hmac(key, data) {
    const raw = typeof key === "string" ? encoder.encode(key) : key;
    const k = await crypto.subtle.importKey("raw", raw, { name: "HMAC", hash: "SHA-256" }, false, ["sign"]);
    return crypto.subtle.sign("HMAC", k, encoder.encode(data));
  }
  // RFC 3986 unreserved characters stay; everything else is percent-encoded (as AWS wants).
  const strict = (s) => encodeURIComponent(s).replace(/[!'()*]/g, (c) => "%" + c.charCodeAt(0).toString(16).toUpperCase());

  async function sign({ method, url, headers, body, accessKey, secretKey, region = "us-east-1" }) {
    const target = new URL(url, location.href);
    const now = new Date().toISOString().replace(/[-:]/g, "").replace(/\.\d{3}/, "");
    const day = now.slice(0, 8);
    const signed = { ...Object.fromEntries(Object.entries(headers).map(([k, v]) => [k.toLowerCase(), String(v).trim()])),
      host: target.host, "x-amz-date": now };
    const names = Object.keys(signed).sort();
    const query = [...target.searchParams.entries()]
      .map(([k, v]) => [strict(k), strict(v)]).sort((a, b) => (a[0] === b[0] ? (a[1] < b[1] ? -1 : 1) : a[0] < b[0] ? -1 : 1))
      .map(([k, v]) => `${k}=${v}`).join("&");
    // The path as sent, encoded once more (botocore does so for every service but S3).
    const path = target.pathname.split("/").map(strict).join("/");
    const canonical = [method, path, query, names.map((n) => `${n}:${signed[n]}\n`).join(""),
      names.join(";"), await sha256(body || "")].join("\n");
    const scope = `${day}/${region}/lex/aws4_request`;
    const toSign = ["AWS4-HMAC-SHA256", now, scope, await sha256(canonical)].join("\n");
    let key = await hmac("AWS4" + secretKey, day);
    for (const part of [region, "lex", "aws4_request"]) key = await hmac(key, part);
    const signature = hex(await hmac(key, toSign));
    return {
      ...headers,
      "X-Amz-Date": now,
      Authorization: `AWS4-HMAC-SHA256 Credential=${accessKey}/${scope}, SignedHeaders=${names.join(";")}, Signature=${signature}`,
    };
  }
  return { sign };
})();
