/* Casebiblioteket: the search index is fetched when the reader searches.
 *
 * Material asks for search/search_index.json as soon as any page opens; at a
 * few thousand cases that is megabytes on every page view, mostly by readers
 * who never search. This script runs before Material's bundle and holds that
 * one request back until the reader shows the intent to search: focus on a
 * search field, Material's search keys (f, s, /), opening the search on a
 * phone, or an address with ?q= (a shared search) or ?h= (words to mark on a
 * page opened from a search result). Every other request goes
 * through untouched. The offline copy reads its index from the disk, so
 * nothing is held back there.
 *
 * On the hosted site the script tag names the site's own search worker
 * (data-kb-search-worker: Pagefind, see workers/kb-search.js), and this
 * script gives Material that worker instead of its lunr one, before Material
 * reads its settings. That worker fetches the text of the best pages only, so
 * the count Material shows would be the pages shown; it is rewritten to say
 * how many matched.
 *
 * The Zensical build has another search: a dialog of its own (Ctrl+K), which
 * asks for search.json, every page's text, as soon as a page opens, and shows
 * a result from that list by its place in it. There, this script answers that
 * request itself with an empty list (nothing is fetched), gives the dialog the
 * site's worker, started only when the reader types (or opens the dialog), and
 * moves each page the worker found into the dialog's list before the dialog
 * reads the answer. The dialog's own words are Danish from the build
 * (scripts/zensical_engine.py). A shared address with ?q= opens it, as it
 * opens Material's search.
 */
(function () {
  "use strict";
  var script = document.currentScript;
  var worker = script && script.getAttribute("data-kb-search-worker");
  var settings = document.getElementById("__config");
  /* Zensical's header has a button that opens its dialog where Material's has the search field itself. */
  var zensical = !document.querySelector(".md-search__input") && Boolean(document.querySelector(".md-search__button"));
  var ours = Boolean(worker && settings && window.location.protocol !== "file:" && typeof Worker === "function");
  if (ours) {
    var config = JSON.parse(settings.textContent);
    config.search = worker;
    settings.textContent = JSON.stringify(config);
    if (zensical) {
      answerZensical(worker);
    } else {
      countAllMatches(worker);
    }
  }

  function countAllMatches(url) {
    var Native = window.Worker;
    window.Worker = function (scriptUrl, options) {
      var instance = new Native(scriptUrl, options);
      if (String(scriptUrl) === url) {
        instance.addEventListener("message", function (event) {
          var data = event.data && event.data.data;
          if (data && typeof data.total === "number" && data.total > data.items.length) {
            /* after Material's own listener has written its count */
            setTimeout(function () { showTotal(data.items.length, data.total); }, 0);
          }
        });
      }
      return instance;
    };
    window.Worker.prototype = Native.prototype;
  }

  /* Zensical's dialog: the same four message numbers as Material's (SETUP, READY, QUERY, RESULT). */
  var SETUP = 0, READY = 1, QUERY = 2, RESULT = 3;
  var started = null;  /* the dialog's worker, once made */

  function answerZensical(url) {
    var Native = window.Worker;
    /* What the dialog takes for a worker: the site's, made when the reader first types. Until then this
     * answers the dialog's first messages itself: ready, and nothing found for an empty box. */
    function DialogWorker() {
      this.onmessage = this.onerror = this.onmessageerror = null;
      this.pages = null;     /* the dialog's list of pages (its index), where a result is shown from */
      this.placeOf = {};     /* a page's address -> its place in that list */
      this.worker = null;
      started = this;
    }
    DialogWorker.prototype.answer = function (message) {
      var self = this;
      setTimeout(function () {
        if (self.onmessage) {
          self.onmessage({ data: message });
        }
      }, 0);
    };
    DialogWorker.prototype.start = function () {
      var self = this;
      if (!this.worker) {
        this.worker = new Native(url);
        this.worker.onmessage = function (event) { self.receive(event.data); };
        this.worker.onerror = function (event) { if (self.onerror) { self.onerror(event); } };
        this.worker.onmessageerror = function (event) { if (self.onmessageerror) { self.onmessageerror(event); } };
        this.worker.postMessage({ type: SETUP, data: null });  /* loads Pagefind while the reader types */
      }
      return this.worker;
    };
    DialogWorker.prototype.postMessage = function (message) {
      if (message.type === SETUP) {
        this.pages = (message.data && message.data.items) || [];
        this.answer({ type: READY });
      } else if (message.type === QUERY) {
        var input = message.data && message.data.input;
        if (!this.worker && !(typeof input === "string" && input)) {
          this.answer({ type: RESULT, data: { items: [], pagination: { total: 0 } } });
        } else {
          this.start().postMessage(message);
        }
      }
    };
    DialogWorker.prototype.receive = function (message) {
      if (message.type !== RESULT || !this.onmessage) {
        return;  /* READY: already said */
      }
      var pages = this.pages || [], placeOf = this.placeOf;
      message.data.items.forEach(function (item) {
        if (item.kb) {
          var place = placeOf[item.kb.location];
          if (place === undefined) {
            place = placeOf[item.kb.location] = pages.length;
          }
          pages[place] = item.kb;  /* with this search's words marked */
          item.id = place;
          delete item.kb;
        }
      });
      this.onmessage({ data: message });
      setTimeout(scrollAreaReachable, 0);  /* once the dialog has drawn the results */
    };
    DialogWorker.prototype.terminate = function () {
      if (this.worker) {
        this.worker.terminate();
      }
      this.worker = null;
    };
    window.Worker = function (scriptUrl, options) {
      return String(scriptUrl) === url ? new DialogWorker() : new Native(scriptUrl, options);
    };
    window.Worker.prototype = Native.prototype;

    /* Opening the dialog starts the worker, so Pagefind is loaded while the reader types. */
    document.addEventListener("click", function (event) {
      if (started && event.target.closest && event.target.closest(".md-search, label[for=__search]")) {
        started.start();
      }
    });
    document.addEventListener("keydown", function (event) {
      if (started && (event.ctrlKey || event.metaKey) && /^k$/i.test(event.key)) {
        started.start();
      }
    });
    var shared = new URLSearchParams(window.location.search).get("q");
    if (shared && shared.trim()) {
      openWith(shared);
    }
  }

  /* Zensical's dialog scrolls its results in an area that only its own script may focus (tabindex -1), and
     the results are not links, so a keyboard user could not scroll a long list by itself (axe:
     scrollable-region-focusable). The area joins the tab order and is named after what it holds. */
  function scrollAreaReachable() {
    var hosts = document.querySelectorAll("body > div");
    for (var i = 0; i < hosts.length; i++) {
      var root = hosts[i].shadowRoot, list = root && root.querySelector("dialog ol[role=listbox]");
      for (var area = list && list.parentElement; area && area.tagName !== "DIALOG"; area = area.parentElement) {
        if (area.getAttribute("tabindex") === "-1") {
          area.setAttribute("tabindex", "0");
          area.setAttribute("role", "region");
          area.setAttribute("aria-label", "Søgeresultater");
        }
      }
    }
  }

  /* A shared search address (?q=, also what the home page's form leads to): the dialog opens with it. */
  function openWith(query) {
    var tries = 0;
    (function look() {
      var hosts = document.querySelectorAll("body > div"), input = null;
      for (var i = 0; i < hosts.length && !input; i++) {
        input = hosts[i].shadowRoot && hosts[i].shadowRoot.querySelector("dialog input");
      }
      if (!input) {
        if (++tries < 100) {
          setTimeout(look, 50);
        }
        return;
      }
      var button = document.querySelector(".md-search");
      if (!input.closest("dialog").open && button) {
        button.click();
      }
      input.value = query;
      input.dispatchEvent(new Event("input", { bubbles: true }));
    })();
  }

  function showTotal(shown, total) {
    var meta = document.querySelector(".md-search-result__meta");
    if (meta) {
      meta.textContent = "De " + shown + " bedste af " + total.toLocaleString("da-DK") +
        " resultater. Skriv flere ord for at få færre.";
    }
  }

  var open = XMLHttpRequest.prototype.open;
  var send = XMLHttpRequest.prototype.send;
  var INDEX = /\/search\/search_index\.json(?:[?#]|$)/;
  var DIALOG_INDEX = /\/search\.json(?:[?#]|$)/;  /* Zensical's */
  /* Zensical's default word separator: its dialog also marks the words of ?h= on the page opened from a result. */
  var SEPARATOR = "[\\s\\-_,:!=\\[\\]()\\\\\"`/]+|\\.(?!\\d)";

  /* The dialog's request for every page's text, answered here with none: the pages come from the worker. */
  function answerWithNoPages(request) {
    var body = JSON.stringify({ config: { lang: ["da"], separator: SEPARATOR }, items: [] });
    Object.defineProperty(request, "readyState", { value: 4 });
    Object.defineProperty(request, "status", { value: 200 });
    Object.defineProperty(request, "response", { value: new Blob([body], { type: "application/json" }) });
    setTimeout(function () {
      request.dispatchEvent(new ProgressEvent("load"));
      request.dispatchEvent(new ProgressEvent("loadend"));
    }, 0);
  }
  var waiting = [];
  /* ?q= is a shared search; ?h= marks the words of a search result just opened, which needs the index too. */
  var wanted = /[?&][qh]=/.test(window.location.search);

  XMLHttpRequest.prototype.open = function (method, url) {
    this.kbSearchIndex = INDEX.test(String(url));
    this.kbDialogIndex = ours && zensical && DIALOG_INDEX.test(String(url));
    return open.apply(this, arguments);
  };
  XMLHttpRequest.prototype.send = function () {
    if (this.kbDialogIndex) {
      answerWithNoPages(this);
      return undefined;
    }
    if (this.kbSearchIndex && !wanted) {
      waiting.push([this, arguments]);
      return undefined;
    }
    return send.apply(this, arguments);
  };

  function want() {
    if (wanted) {
      return;
    }
    wanted = true;
    waiting.splice(0).forEach(function (held) { send.apply(held[0], held[1]); });
  }

  document.addEventListener("focusin", function (event) {
    if (event.target.matches && event.target.matches("input[type=search], .md-search__input")) {
      want();
    }
  });
  document.addEventListener("keydown", function (event) {
    var typing = event.target.matches && event.target.matches("input, textarea, select, [contenteditable]");
    if (!typing && !event.ctrlKey && !event.metaKey && !event.altKey && /^[fs/]$/i.test(event.key)) {
      want();
    }
  });
  document.addEventListener("change", function (event) {
    if (event.target.id === "__search") {  /* the search toggle Material uses on small screens */
      want();
    }
  });
  document.addEventListener("click", function (event) {
    if (event.target.closest && event.target.closest("label[for=__search]")) {
      want();
    }
  });
})();
