/* Casebiblioteket: "Læg i mappen" and "Min mappe", a reader's own print pack.

   A reader gathers cases and exercises with the button on their pages; the
   Min mappe page (min-mappe.md) lists them, lets the reader order them and
   choose what to print of each, and prints them as one document: a cover that
   lists the parts, then each part on new pages, numbered "Side N af M"
   (print.css). Nothing leaves the browser: the choice is kept in
   localStorage and in the address fragment (#mappe=...), which is never sent
   to a server, so the address can be mailed to a colleague and opens the same
   pack.

   The text of each part is the site's own page, fetched from the same site
   and read with DOMParser: the build has already rendered and sanitized it,
   and its nodes are imported (never HTML put together from strings). Only
   addresses from the site's own index (case-index.js) are fetched; a slug
   from the fragment that the index does not know is left out, with a note,
   and is never fetched or written into the page as markup. */
(function () {
  "use strict";

  var STORAGE_KEY = "kb-mappe";
  var SLUG = /^[a-z0-9]+(?:-[a-z0-9]+)*$/;
  var KINDS = {
    "case": {
      label: "Case", forms: ["oplaeg", "hele"],
      formLabels: { oplaeg: "Mødeoplæg", hele: "Hele casen" },
      added: "Casen er lagt i mappen.", removed: "Casen er taget ud af mappen."
    },
    "oevelse": {
      label: "Øvelse", forms: ["begge", "facilitator", "deltager"],
      formLabels: { begge: "Facilitatorark og deltagerark", facilitator: "Facilitatorark", deltager: "Deltagerark" },
      added: "Øvelsen er lagt i mappen.", removed: "Øvelsen er taget ud af mappen."
    }
  };
  /* The headings case.md.j2 writes (scripts/load/paths.py PAGE_HEADINGS): a meeting brief keeps the
     case's first section (Kort fortalt), its key figures, questions and source. */
  var BRIEF_SECTIONS = ["Nøgletal", "Refleksionsspørgsmål", "Kilde"];
  var NOT_ON_PAPER = ["Relaterede cases", "Brug casen videre"];

  function element(tag, attributes, text) {
    var node = document.createElement(tag);
    Object.keys(attributes || {}).forEach(function (name) {
      node.setAttribute(name, attributes[name]);
    });
    if (text) {
      node.textContent = text;
    }
    return node;
  }

  function partsWord(count) {
    return count + (count === 1 ? " del" : " dele");
  }

  /* --- the choice as text: "case:slug:form,oevelse:slug:form" ------------------------------- */

  function parseItems(text) {
    var items = [], rejected = 0, seen = {};
    (text || "").split(",").forEach(function (token) {
      if (!token) {
        return;
      }
      var fields;
      try {
        fields = decodeURIComponent(token).split(":");
      } catch (error) {
        rejected += 1;
        return;
      }
      var kind = Object.prototype.hasOwnProperty.call(KINDS, fields[0]) ? KINDS[fields[0]] : null;
      if (!kind || fields.length > 3 || !SLUG.test(fields[1] || "")) {
        rejected += 1;
        return;
      }
      var key = fields[0] + ":" + fields[1];
      if (seen[key]) {
        return;
      }
      seen[key] = true;
      var form = kind.forms.indexOf(fields[2]) !== -1 ? fields[2] : kind.forms[0];
      items.push({ kind: fields[0], slug: fields[1], form: form });
    });
    return { items: items, rejected: rejected };
  }

  function serialize(items) {
    return items.map(function (item) { return item.kind + ":" + item.slug + ":" + item.form; }).join(",");
  }

  function fragmentOf(items) {
    return items.length ? "#mappe=" + serialize(items) : "";
  }

  /* Storage may be switched off or full: the choice then lasts as long as the page (and its address). */
  function stored() {
    try {
      return parseItems(window.localStorage.getItem(STORAGE_KEY) || "").items;
    } catch (error) {
      return [];
    }
  }

  function store(items) {
    try {
      window.localStorage.setItem(STORAGE_KEY, serialize(items));
    } catch (error) {
      /* nothing to do: see stored() */
    }
  }

  function indexOfItem(items, kind, slug) {
    for (var at = 0; at < items.length; at += 1) {
      if (items[at].kind === kind && items[at].slug === slug) {
        return at;
      }
    }
    return -1;
  }

  /* --- the button on a case or exercise page ------------------------------------------------- */

  (function () {
    var toggle = document.querySelector("[data-kb-folder-item]");
    var link = document.querySelector("a.kb-folder-link");
    if (!toggle || !link) {
      return;
    }
    var own = parseItems(toggle.getAttribute("data-kb-folder-item")).items[0];
    if (!own) {
      return;
    }
    var folderAddress = link.href.split("#")[0];
    var status = element("span", { class: "kb-folder-status", role: "status" });
    link.parentNode.insertBefore(status, link.nextSibling);

    function show() {
      var items = stored();
      var inFolder = indexOfItem(items, own.kind, own.slug) !== -1;
      toggle.textContent = inFolder ? "Fjern fra mappen" : "Læg i mappen";
      link.textContent = "Min mappe (" + items.length + ")";
      link.href = folderAddress + fragmentOf(items);
      return items;
    }

    toggle.addEventListener("click", function () {
      var items = stored();
      var at = indexOfItem(items, own.kind, own.slug);
      if (at === -1) {
        items.push(own);
      } else {
        items.splice(at, 1);
      }
      store(items);
      show();
      status.textContent = (at === -1 ? KINDS[own.kind].added : KINDS[own.kind].removed) +
        " Mappen har " + partsWord(items.length) + ".";
    });
    window.addEventListener("storage", function (event) {
      if (event.key === STORAGE_KEY) {
        show();
      }
    });
    show();
    toggle.hidden = false;
    link.hidden = false;
  })();

  /* --- the Min mappe page -------------------------------------------------------------------- */

  var container = document.querySelector("[data-kb-folder-page]");
  var configElement = document.getElementById("__config");
  if (!container || !configElement) {
    return;
  }
  var base = JSON.parse(configElement.textContent).base;
  var offline = window.location.protocol === "file:";
  var script = document.createElement("script");
  script.src = base + "/assets/javascripts/case-index.js";
  script.onload = function () {
    if (window.kbCaseIndex) {
      start(window.kbCaseIndex);
    }
  };
  script.onerror = function () {
    container.appendChild(element("p", { class: "kb-folder__notice" },
      "Listen over cases og øvelser kunne ikke hentes, så mappen kan ikke vises. Genindlæs siden, og prøv igen."));
  };
  document.head.appendChild(script);

  function start(index) {
    /* What may be in the pack: the index's own entries, by kind and slug. */
    var known = { "case": {}, "oevelse": {} };
    function learn(kind, rows, folder) {
      (rows || []).forEach(function (row) {
        var match = new RegExp("^" + folder + "/([a-z0-9-]+)(?:/|\\.html)$").exec(row[1]);
        if (match) {
          known[kind][match[1]] = { title: row[0], address: new URL(base + "/" + row[1], window.location.href).href };
        }
      });
    }
    learn("case", index.cases, "cases");
    learn("oevelse", index.exercises, "oevelser");

    function entry(item) {
      return Object.prototype.hasOwnProperty.call(known[item.kind], item.slug) ? known[item.kind][item.slug] : null;
    }

    function readAddress() {
      var hash = window.location.hash.replace(/^#/, "");
      if (!hash) {
        return null;
      }
      var wanted = null, strange = false;
      hash.split("&").forEach(function (pair) {
        var at = pair.indexOf("=");
        var key = at === -1 ? pair : pair.slice(0, at);
        if (key === "mappe") {
          wanted = parseItems(pair.slice(at + 1));
        } else if (pair) {
          strange = true;
        }
      });
      wanted = wanted || { items: [], rejected: 0 };
      wanted.rejected += strange ? 1 : 0;
      return wanted;
    }

    var items, notes = [];
    var fromAddress = readAddress();
    var before = stored();
    if (fromAddress) {
      var unknown = fromAddress.items.filter(function (item) { return !entry(item); }).length;
      items = fromAddress.items.filter(entry);
      if (fromAddress.rejected + unknown) {
        notes.push("Adressen nævnte " + (fromAddress.rejected + unknown === 1 ? "en del" : (fromAddress.rejected + unknown) + " dele") +
          ", som biblioteket ikke har, eller som ikke kunne læses. " +
          (fromAddress.rejected + unknown === 1 ? "Den er" : "De er") + " sprunget over.");
      }
      if (before.length && serialize(before) !== serialize(items)) {
        notes.push("Mappen her kommer fra adressen og har afløst den mappe, du havde gemt i browseren.");
      }
    } else {
      items = stored().filter(entry);
    }

    /* --- what the page shows ---------------------------------------------------------------- */

    var notice = element("div", { class: "kb-folder__notice" });
    var announcer = element("p", { class: "kb-folder__announce", role: "status" });
    var heading = element("h2", { id: "kb-folder-contents", tabindex: "-1" }, "Mappens indhold");
    var list = element("ol", { class: "kb-folder__items", "aria-labelledby": "kb-folder-contents" });
    var actions = element("div", { class: "kb-folder__actions" });
    var printButton = element("button", { type: "button", class: "md-button md-button--primary" }, "Udskriv mappen");
    var copyButton = element("button", { type: "button", class: "md-button" }, "Kopiér link");
    var mail = element("a", { class: "md-button" }, "Send til en kollega");
    var readiness = element("p", { class: "kb-folder__ready" });
    var addressLabel = element("label", { for: "kb-folder-address" }, "Mappens adresse");
    var addressField = element("input", { id: "kb-folder-address", type: "text", readonly: "", class: "kb-folder__address" });
    var addressBox = element("p", { class: "kb-folder__address-box" });
    addressBox.appendChild(addressLabel);
    addressBox.appendChild(addressField);
    var printArea = element("div", { class: "kb-folder-print" });
    var wrapper = container.closest(".kb-folder-page") || container.parentNode;

    /* The empty folder's words are the page's own (folder.md.j2), with links in the build's URL style. */
    var empty = document.querySelector(".kb-folder-empty") || element("p", {}, "Mappen er tom.");

    [printButton, copyButton, mail].forEach(function (node) { actions.appendChild(node); });
    [notice, announcer, heading, empty, list, actions, readiness, addressBox].forEach(function (node) {
      container.appendChild(node);
    });
    wrapper.appendChild(printArea);

    if (offline) {
      var offlineNote = document.querySelector(".kb-folder-offline");
      if (offlineNote) {
        offlineNote.hidden = false;
      }
      printButton.hidden = true;
      copyButton.hidden = true;
      mail.hidden = true;
      addressBox.hidden = true;
    }

    function announce(text) {
      announcer.textContent = text;
    }

    function title(item) {
      return entry(item).title;
    }

    function formLabel(item) {
      return KINDS[item.kind].formLabels[item.form];
    }

    function remember() {
      store(items);
      var address = window.location.href.split("#")[0] + fragmentOf(items);
      try {
        window.history.replaceState(null, "", address);
      } catch (error) {
        /* a browser that refuses it for a file on the disk: the list is still right */
      }
      var online = document.querySelector(".kb-folder-online");
      if (online) {
        online.href = online.href.split("#")[0] + fragmentOf(items);
      }
      addressField.value = address;
      mail.href = "mailto:?subject=" + encodeURIComponent("Mappe fra Casebiblioteket") + "&body=" +
        encodeURIComponent("Her er en mappe med cases og øvelser fra Casebiblioteket. Åbn adressen, så kan du se og udskrive den:\n\n" + address);
    }

    function button(text, label, action) {
      var node = element("button", { type: "button", class: "kb-folder__button", "aria-label": label }, text);
      node.addEventListener("click", action);
      return node;
    }

    function formControls(item, at) {
      var fieldset = element("fieldset", { class: "kb-folder__form" });
      fieldset.appendChild(element("legend", {}, item.kind === "case" ? "Udskriv casen som" : "Udskriv øvelsens ark"));
      var name = "kb-folder-form-" + item.kind + "-" + item.slug;
      if (item.kind === "case") {
        ["oplaeg", "hele"].forEach(function (form) {
          var label = element("label");
          var radio = element("input", { type: "radio", name: name, value: form });
          radio.checked = item.form === form;
          radio.addEventListener("change", function () {
            item.form = form;
            changed(null, false);
            announce("»" + title(item) + "« udskrives som " + KINDS.case.formLabels[form].toLowerCase() + ".");
          });
          label.appendChild(radio);
          label.appendChild(document.createTextNode(" " + KINDS.case.formLabels[form]));
          fieldset.appendChild(label);
        });
      } else {
        var boxes = {};
        ["facilitator", "deltager"].forEach(function (sheet) {
          var label = element("label");
          var box = element("input", { type: "checkbox", name: name, value: sheet });
          box.checked = item.form === "begge" || item.form === sheet;
          boxes[sheet] = box;
          box.addEventListener("change", function () {
            if (!boxes.facilitator.checked && !boxes.deltager.checked) {
              box.checked = true;  /* an exercise prints at least one of its sheets */
              announce("Vælg mindst ét af arkene. Vil du ikke have øvelsen med, så fjern den fra mappen.");
              return;
            }
            item.form = boxes.facilitator.checked && boxes.deltager.checked ? "begge"
              : boxes.facilitator.checked ? "facilitator" : "deltager";
            changed(null, false);
            announce("»" + title(item) + "«: " + formLabel(item).toLowerCase() + " kommer med.");
          });
          label.appendChild(box);
          label.appendChild(document.createTextNode(" " + KINDS.oevelse.formLabels[sheet]));
          fieldset.appendChild(label);
        });
      }
      return fieldset;
    }

    /* The list, drawn again after every change; `focus` names the control to return to. */
    function draw(focus) {
      list.textContent = "";
      empty.hidden = items.length > 0;
      list.hidden = items.length === 0;
      printButton.hidden = offline || items.length === 0;
      items.forEach(function (item, at) {
        var row = element("li", { class: "kb-folder__item" });
        var name = element("p", { class: "kb-folder__title" });
        name.appendChild(element("span", { class: "kb-folder__kind" }, KINDS[item.kind].label + ": "));
        name.appendChild(element("a", { href: entry(item).address }, title(item)));
        row.appendChild(name);
        row.appendChild(formControls(item, at));
        var tools = element("p", { class: "kb-folder__tools" });
        var up = button("Flyt op", "Flyt op: " + title(item), function () { move(at, -1, "up"); });
        var down = button("Flyt ned", "Flyt ned: " + title(item), function () { move(at, 1, "down"); });
        var remove = button("Fjern", "Fjern fra mappen: " + title(item), function () { removeAt(at); });
        up.setAttribute("data-kb-action", "up");
        down.setAttribute("data-kb-action", "down");
        remove.setAttribute("data-kb-action", "remove");
        if (at === 0) {
          up.setAttribute("aria-disabled", "true");
        }
        if (at === items.length - 1) {
          down.setAttribute("aria-disabled", "true");
        }
        [up, down, remove].forEach(function (node) { tools.appendChild(node); });
        row.appendChild(tools);
        list.appendChild(row);
      });
      if (focus) {
        var target = focus.row === null ? heading
          : list.children[focus.row] && list.children[focus.row].querySelector('[data-kb-action="' + focus.action + '"]');
        (target || heading).focus();
      }
    }

    function move(at, step, action) {
      var to = at + step;
      if (to < 0 || to >= items.length) {
        announce("»" + title(items[at]) + "« er allerede " + (step < 0 ? "først" : "sidst") + " i mappen.");
        return;
      }
      var item = items.splice(at, 1)[0];
      items.splice(to, 0, item);
      changed({ row: to, action: action });
      announce("»" + title(item) + "« er flyttet til nummer " + (to + 1) + " af " + items.length + ".");
    }

    function removeAt(at) {
      var item = items.splice(at, 1)[0];
      changed(items.length ? { row: Math.min(at, items.length - 1), action: "remove" } : { row: null });
      announce("»" + title(item) + "« er fjernet fra mappen. Mappen har " + partsWord(items.length) + ".");
    }

    /* `redraw` false: only a form changed, and the list stays as it is (the keyboard with it). */
    function changed(focus, redraw) {
      remember();
      if (redraw !== false) {
        draw(focus);
      }
      prepare();
    }

    /* --- the printed pack ------------------------------------------------------------------- */

    var pages = {};
    function fetchPage(address) {
      if (!pages[address]) {
        pages[address] = window.fetch(address, { credentials: "same-origin" }).then(function (response) {
          if (!response.ok) {
            throw new Error(String(response.status));
          }
          return response.text();
        }).then(function (text) {
          return new DOMParser().parseFromString(text, "text/html");
        });
        pages[address].catch(function () { delete pages[address]; });  /* a failed fetch may be tried again */
      }
      return pages[address];
    }

    function shownAddress(address) {
      return address.trim().replace(/^(https?:\/\/|mailto:)/, "").replace(/\/$/, "");
    }

    /* A copy of the page's content fit for this page: only the elements and attributes of a rendered page's
       text (an allow-list: the pages were sanitized when built, and this is a third safeguard after nh3 and
       the CSP), no ids, handlers or inline styles; links as full addresses (they were relative to their own
       page), in-page anchors as plain text. */
    var KEPT_ELEMENTS = ("a abbr article b blockquote br caption cite code col colgroup dd del details dfn div dl " +
      "dt em figcaption figure footer h1 h2 h3 h4 h5 h6 header hr i img ins kbd li mark ol p pre q s samp " +
      "section small span strong sub summary sup table tbody td tfoot th thead time tr u ul var wbr").split(" ");
    var KEPT_ATTRIBUTES = ("href src alt class colspan rowspan scope start reversed align title lang dir role " +
      "aria-label aria-hidden width height datetime cite open").split(" ");

    function cleaned(node, pageAddress) {
      var copy = node.cloneNode(true);
      copy.querySelectorAll("[hidden], .headerlink, .kb-on-page, .kb-downloads").forEach(function (unwanted) {
        unwanted.parentNode.removeChild(unwanted);
      });
      /* Anything else (a script, a form, an SVG, an element of another namespace) goes with its content. */
      Array.prototype.slice.call(copy.querySelectorAll("*")).forEach(function (each) {
        if (each.namespaceURI !== "http://www.w3.org/1999/xhtml" ||
            KEPT_ELEMENTS.indexOf(each.localName) === -1) {
          if (each.parentNode) {
            each.parentNode.removeChild(each);
          }
        }
      });
      [copy].concat(Array.prototype.slice.call(copy.querySelectorAll("*"))).forEach(function (each) {
        Array.prototype.slice.call(each.attributes).forEach(function (attribute) {
          if (KEPT_ATTRIBUTES.indexOf(attribute.name.toLowerCase()) === -1) {
            each.removeAttribute(attribute.name);
          }
        });
      });
      copy.querySelectorAll("a").forEach(function (link) {
        var href = link.getAttribute("href") || "";
        var target = null;
        try {
          target = href && href.charAt(0) !== "#" ? new URL(href, pageAddress) : null;
        } catch (error) {
          target = null;
        }
        if (!target || ["http:", "https:", "mailto:"].indexOf(target.protocol) === -1) {
          while (link.firstChild) {
            link.parentNode.insertBefore(link.firstChild, link);
          }
          link.parentNode.removeChild(link);
          return;
        }
        link.setAttribute("href", target.href);
        /* Paper cannot be clicked: as kb.js does on the site's pages, the address after the link. */
        if (!link.closest(".kb-sheet__address, .kb-address, .kb-print-header, .kb-facts") &&
            link.closest("p, li, dd, td") && shownAddress(link.textContent) !== shownAddress(target.href)) {
          link.setAttribute("data-print-href", target.href);
        }
      });
      copy.querySelectorAll("img").forEach(function (image) {
        var source = image.getAttribute("src") || "";
        var target = null;
        try {
          target = new URL(source, pageAddress);
        } catch (error) {
          target = null;
        }
        if (!target || (target.protocol !== "data:" && target.origin !== window.location.origin)) {
          image.parentNode.removeChild(image);
        } else {
          image.setAttribute("src", target.href);
        }
      });
      return document.importNode(copy, true);
    }

    /* A case page's content in (head, [[heading text, nodes]]) form, cut at its h2 headings. */
    function caseSections(content) {
      var head = [], sections = [];
      Array.prototype.slice.call(content.children).forEach(function (child) {
        if (child.tagName === "H2") {
          sections.push({ title: child.textContent.trim(), nodes: [child] });
        } else if (sections.length) {
          sections[sections.length - 1].nodes.push(child);
        } else {
          head.push(child);
        }
      });
      return { head: head, sections: sections };
    }

    function caseContent(item, doc) {
      var source = doc.querySelector(".kb-case") || doc.querySelector("article");
      if (!source) {
        throw new Error("no content");
      }
      var content = cleaned(source, entry(item).address);
      var cut = caseSections(content);
      var kept = [];
      if (item.form === "hele") {
        kept = cut.head;
        cut.sections.forEach(function (section) {
          if (NOT_ON_PAPER.indexOf(section.title) === -1) {
            kept = kept.concat(section.nodes);
          }
        });
      } else {
        kept = cut.head.filter(function (node) {
          return node.matches(".kb-print-header, h1, .kb-lead");
        });
        cut.sections.forEach(function (section, number) {
          if (number === 0 || BRIEF_SECTIONS.indexOf(section.title) !== -1) {
            kept = kept.concat(section.nodes);
          }
        });
      }
      return kept;
    }

    function exerciseContent(item, doc) {
      var sheets = [];
      if (item.form !== "deltager") {
        sheets.push(doc.querySelector(".kb-sheets .kb-sheet--facilitator"));
      }
      if (item.form !== "facilitator") {
        sheets.push(doc.querySelector(".kb-sheets .kb-sheet--participant"));
      }
      if (sheets.indexOf(null) !== -1) {
        throw new Error("no sheets");
      }
      return sheets.map(function (sheet) { return cleaned(sheet, entry(item).address); });
    }

    function today() {
      try {
        return new Date().toLocaleDateString("da-DK", { day: "numeric", month: "long", year: "numeric" });
      } catch (error) {
        return "";
      }
    }

    function cover(chosen) {
      var section = element("section", { class: "kb-folder-cover" });
      section.appendChild(element("p", { class: "kb-kicker" }, "Mappe · Casebiblioteket"));
      section.appendChild(element("h1", {}, "Mappe med " + partsWord(chosen.length)));
      section.appendChild(element("p", { class: "kb-meta" }, "Samlet i Casebiblioteket " + today() +
        ". Hver del begynder på en ny side."));
      section.appendChild(element("h2", {}, "Indhold"));
      var contents = element("ol", { class: "kb-folder-cover__list" });
      chosen.forEach(function (item) {
        var row = element("li");
        row.appendChild(element("strong", {}, title(item)));
        row.appendChild(document.createTextNode(" – " + KINDS[item.kind].label + ", " + formLabel(item).toLowerCase()));
        contents.appendChild(row);
      });
      section.appendChild(contents);
      var again = element("p", { class: "kb-folder-cover__address" }, "Mappen på nettet: ");
      again.appendChild(element("a", { href: window.location.href }, window.location.href));
      section.appendChild(again);
      return section;
    }

    function part(item, nodes, at, total) {
      var section = element("section", { class: "kb-folder-part kb-folder-part--" + item.kind });
      section.appendChild(element("p", { class: "kb-folder-part__kicker" },
        "Del " + (at + 1) + " af " + total + " · " + KINDS[item.kind].label + " · " + formLabel(item)));
      nodes.forEach(function (node) { section.appendChild(node); });
      return section;
    }

    var generation = 0, pending = null, ready = false;
    function prepare() {
      generation += 1;
      var mine = generation, chosen = items.slice();
      ready = false;
      wrapper.classList.remove("kb-folder-page--ready");
      document.documentElement.classList.remove("kb-folder-ready");
      container.removeAttribute("data-kb-folder-ready");
      printArea.textContent = "";
      readiness.textContent = "";
      if (!chosen.length || offline) {
        pending = null;
        return;
      }
      readiness.textContent = "Henter mappens indhold …";
      pending = Promise.all(chosen.map(function (item) { return fetchPage(entry(item).address); })).then(function (docs) {
        if (mine !== generation) {
          return false;
        }
        var parts = chosen.map(function (item, at) {
          return part(item, item.kind === "case" ? caseContent(item, docs[at]) : exerciseContent(item, docs[at]), at,
            chosen.length);
        });
        printArea.appendChild(cover(chosen));
        parts.forEach(function (node) { printArea.appendChild(node); });
        ready = true;
        wrapper.classList.add("kb-folder-page--ready");
        document.documentElement.classList.add("kb-folder-ready");
        container.setAttribute("data-kb-folder-ready", "");
        readiness.textContent = "Mappen er klar til udskrift: en forside og " + partsWord(chosen.length) + ".";
        return true;
      }).catch(function () {
        if (mine === generation) {
          readiness.textContent = "Mappens indhold kunne ikke hentes, så den kan ikke udskrives lige nu. " +
            "Tjek forbindelsen, og prøv igen.";
        }
        return false;
      });
    }

    printButton.addEventListener("click", function () {
      if (ready) {
        window.print();
        return;
      }
      if (!pending) {
        prepare();
      }
      announce("Mappen gøres klar til udskrift …");
      (pending || Promise.resolve(false)).then(function (done) {
        if (done && ready) {
          window.print();
        } else {
          announce(readiness.textContent);
        }
      });
    });

    copyButton.addEventListener("click", function () {
      var address = addressField.value;
      function copied() {
        announce("Linket er kopieret. Sæt det ind i en mail eller en besked.");
      }
      function byHand() {
        addressField.focus();
        addressField.select();
        var done = false;
        try {
          done = document.execCommand("copy");
        } catch (error) {
          done = false;
        }
        if (done) {
          copied();
        } else {
          announce("Linket kunne ikke kopieres af sig selv. Det er markeret i feltet »Mappens adresse«: kopiér det med Ctrl+C eller Cmd+C.");
        }
      }
      if (navigator.clipboard && navigator.clipboard.writeText) {
        navigator.clipboard.writeText(address).then(copied, byHand);
      } else {
        byHand();
      }
    });

    addressField.addEventListener("focus", function () { addressField.select(); });

    /* Another tab added or removed something: show it. */
    window.addEventListener("storage", function (event) {
      if (event.key === STORAGE_KEY) {
        items = stored().filter(entry);
        changed();
      }
    });

    if (notes.length) {
      notes.forEach(function (text) { notice.appendChild(element("p", {}, text)); });
    } else {
      notice.hidden = true;
    }
    remember();
    draw();
    prepare();
  }
})();
