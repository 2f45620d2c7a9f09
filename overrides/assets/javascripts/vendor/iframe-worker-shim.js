/*! iframe-worker 1.0.4, shim/index.js (npm package iframe-worker), MIT License,
 * Copyright (c) 2020-2022 Martin Donath. Shipped with the site so the offline copy
 * needs no request to a CDN; see LICENSE in the npm package.
 *
 * Adapted for Casebiblioteket's Content-Security-Policy (scripts/csp.py): the
 * original writes an inline <script> into the worker's frame, which the policy
 * blocks (the frame inherits it, and the script names the page's worker URL, so
 * no fixed hash fits). Here the frame loads this same file instead, which then
 * sets up the worker's global scope. The behaviour is otherwise the original's. */
"use strict";
(function () {
  var script = document.currentScript;
  var workerUrl = script && script.getAttribute("data-iframe-worker");

  if (workerUrl !== null && workerUrl !== undefined) {
    /* Inside the frame: be the worker's global scope. */
    window.postMessage = function (message, origin) {
      parent.postMessage(message, origin || "*");
    };
    window.importScripts = function () {
      var urls = Array.prototype.slice.call(arguments);
      return urls.reduce(function (loaded, url) {
        return loaded.then(function () {
          return new Promise(function (resolve) {
            var element = document.createElement("script");
            element.src = url;
            element.onload = resolve;
            document.body.appendChild(element);
          });
        });
      }, Promise.resolve());
    };
    addEventListener("error", function (event) {
      parent.dispatchEvent(new ErrorEvent("error", { filename: workerUrl, error: event.error }));
    });
    script.remove();  /* Material's search worker finds its own folder from the frame's first script */
    return;
  }

  var shimUrl = script.src;

  function attribute(value) {
    return String(value).replace(/&/g, "&amp;").replace(/"/g, "&quot;").replace(/</g, "&lt;");
  }

  class IFrameWorker extends EventTarget {
    constructor(url) {
      super();
      this.url = url;
      this.m = (event) => {
        if (event.source === this.w) {
          this.dispatchEvent(new MessageEvent("message", { data: event.data }));
          if (this.onmessage) {
            this.onmessage(event);
          }
        }
      };
      this.e = (message, filename, lineno, colno, error) => {
        if (filename === `${this.url}`) {
          const event = new ErrorEvent("error", { message, filename, lineno, colno, error });
          this.dispatchEvent(event);
          if (this.onerror) {
            this.onerror(event);
          }
        }
      };
      const frame = document.createElement("iframe");
      frame.hidden = true;
      document.body.appendChild(this.iframe = frame);
      this.w.document.open();
      this.w.document.write(
        `<html><body><script src="${attribute(shimUrl)}" data-iframe-worker="${attribute(url)}"><\/script>` +
        `<script src="${attribute(url + "?" + Date.now())}"><\/script></body></html>`);
      this.w.document.close();
      onmessage = this.m;
      onerror = this.e;
      this.r = new Promise((resolve, reject) => {
        this.w.onload = resolve;
        this.w.onerror = reject;
      });
    }

    terminate() {
      this.iframe.remove();
      onmessage = onerror = null;
    }

    postMessage(data) {
      this.r.catch().then(() => {
        this.w.dispatchEvent(new MessageEvent("message", structuredClone({ data })));
      });
    }

    get w() {
      return this.iframe.contentWindow;
    }
  }

  window.IFrameWorker = IFrameWorker;
  if (location.protocol === "file:") {
    window.Worker = IFrameWorker;
  }
})();
