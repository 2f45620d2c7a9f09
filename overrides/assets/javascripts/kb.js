/* Casebiblioteket: small progressive enhancements. The site works without them. */
(function () {
  "use strict";

  /* "Udskriv arkene": printing the exercise page prints its sheets (print.css),
     so the button only needs to open the browser's print dialog. */
  document.querySelectorAll("[data-kb-print]").forEach(function (button) {
    button.hidden = false;
    button.addEventListener("click", function () {
      window.print();
    });
  });

  /* Paper cannot be clicked: print the full address after links in running
     text. The browser resolves relative links to full addresses here. */
  document.querySelectorAll(
    ".md-typeset p a[href], .md-typeset li a[href], .md-typeset dd a[href], .md-typeset td a[href]"
  ).forEach(function (link) {
    if (link.classList.contains("headerlink") || link.getAttribute("href").charAt(0) === "#") {
      return;
    }
    link.setAttribute("data-print-href", link.href);
  });
})();

/* The home page's search form leads to Material's search deep link (?q=...),
   which opens the search with the query. It never submits: the page's
   Content-Security-Policy allows no form submission (form-action 'none'), so
   without JavaScript the form is hidden (no-js.css). It is not hidden until
   this script runs: the cards below it would jump down when it appeared. */
(function () {
  "use strict";
  var form = document.querySelector("form.kb-search");
  if (!form) {
    return;
  }
  form.addEventListener("submit", function (event) {
    event.preventDefault();
    var query = form.querySelector("input[name=q]").value.trim();
    if (query) {
      window.location.href = "?q=" + encodeURIComponent(query);
    }
  });
})();

/* An empty search result says what to try next: a shorter word, or the
   kommune, kerneopgave and tema pages, where every case can be found without
   knowing its words. The search itself already tries other spellings and one
   typo (lunr-da-stem-queries.js). */
(function () {
  "use strict";
  var meta = document.querySelector(".md-search-result__meta");
  var config = document.getElementById("__config");
  if (!meta || !config || !window.MutationObserver) {
    return;
  }
  var base;
  try {  /* Material's base: "..", "." or, on the error page, "/" */
    base = new URL(JSON.parse(config.textContent).base.replace(/\/$/, "") + "/", document.baseURI);
  } catch (error) {
    return;
  }
  var hint = document.createElement("p");
  hint.className = "kb-search-hint";
  hint.hidden = true;
  hint.appendChild(document.createTextNode("Prøv et kortere ord eller et andet ord for det samme – eller find casen efter "));
  [["kommuner/", "kommune"], ["kerneopgaver/", "kerneopgave"], ["temaer/", "tema"]].forEach(function (pair, number) {
    if (number) {
      hint.appendChild(document.createTextNode(number === 2 ? " eller " : ", "));
    }
    var link = document.createElement("a");
    link.href = new URL(pair[0], base).href;
    link.textContent = pair[1];
    hint.appendChild(link);
  });
  hint.appendChild(document.createTextNode("."));
  /* Outside the result list: Material takes every link inside it for a result (Enter opens the best one). */
  (meta.closest("[data-md-component=search-result]") || meta).insertAdjacentElement("afterend", hint);
  new MutationObserver(function () {
    hint.hidden = !/^Ingen resultater/.test(meta.textContent.trim());
  }).observe(meta, {childList: true, characterData: true, subtree: true});
})();

/* Filters on the case overview: narrow the list by kommune, kerneopgave and
   tema together. Within one group a case may match any ticked value; across
   groups it must match all. The filters work over every case (the index is a
   generated script, loaded only here), while the page below stays the plain,
   paged list for readers without JavaScript. The choice lives in the address
   (?kommune=odder&tema=samskabelse), so a filtered list can be shared. */
(function () {
  "use strict";
  var container = document.querySelector("[data-kb-filters]");
  var configElement = document.getElementById("__config");
  if (!container || !configElement) {
    return;
  }
  var base = JSON.parse(configElement.textContent).base;
  var script = document.createElement("script");
  script.src = base + "/assets/javascripts/case-index.js";
  script.onload = function () {
    if (window.kbCaseIndex) {
      start(window.kbCaseIndex);
    }
  };
  document.head.appendChild(script);

  var SHOWN_AT_ONCE = 100;

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

  function start(index) {
    var facets = index.facets;
    var cases = index.cases.map(function (row) {
      var own = { title: row[0], href: base + "/" + row[1] };
      own.kommune = [facets[0].options[row[2]].value];
      own.kerneopgave = row[3].map(function (n) { return facets[1].options[n].value; });
      own.tema = row[4].map(function (n) { return facets[2].options[n].value; });
      own.labels = [facets[0].options[row[2]].label].concat(
        row[3].map(function (n) { return facets[1].options[n].label; }),
        row[4].map(function (n) { return facets[2].options[n].label; }));
      return own;
    });
    var plainList = Array.prototype.slice.call(document.querySelectorAll(".kb-cards, .kb-pager"));
    /* The index leaves summaries out to stay small at thousands of cases, but the
       cards on this page have them: a result that is also a card here shows its summary. */
    var summaries = {};
    document.querySelectorAll(".kb-cards .kb-card").forEach(function (card) {
      var link = card.querySelector("h3 > a:not(.headerlink)");
      var summary = card.querySelector("h3 + p:not(.kb-card__meta)");
      if (link && summary) {
        summaries[link.href] = summary.textContent;
      }
    });
    var title = element("h2", { id: "kb-filters-title" }, "Filtrér casene");
    var groups = element("div", { class: "kb-filters__groups" });
    var status = element("p", { class: "kb-filters__status", role: "status", "aria-live": "polite" });
    var reset = element("button", { type: "button", class: "md-button kb-filters__reset" }, "Nulstil filtre");
    var results = element("ol", { class: "kb-filters__results" });
    var more = element("button", { type: "button", class: "md-button kb-filters__more" }, "Vis flere");
    var limit = SHOWN_AT_ONCE;
    var boxes = {};
    facets.forEach(function (facet) {
      var fieldset = element("fieldset", { class: "kb-filters__group" });
      fieldset.appendChild(element("legend", {}, facet.label));
      boxes[facet.key] = facet.options.map(function (option) {
        var label = element("label", { class: "kb-filters__option" });
        var box = element("input", { type: "checkbox", name: facet.key, value: option.value });
        label.appendChild(box);
        label.appendChild(document.createTextNode(" " + option.label + " "));
        label.appendChild(element("span", { class: "kb-filters__count" }));
        fieldset.appendChild(label);
        return box;
      });
      groups.appendChild(fieldset);
    });
    [title, groups, status, reset, results, more].forEach(function (node) { container.appendChild(node); });

    function chosen() {
      var selection = {};
      facets.forEach(function (facet) {
        selection[facet.key] = boxes[facet.key].filter(function (box) { return box.checked; })
          .map(function (box) { return box.value; });
      });
      return selection;
    }

    function matches(own, selection, skip) {
      return facets.every(function (facet) {
        var wanted = selection[facet.key];
        return facet.key === skip || !wanted.length || wanted.some(function (value) {
          return own[facet.key].indexOf(value) !== -1;
        });
      });
    }

    function show(found) {
      results.textContent = "";
      found.slice(0, limit).forEach(function (own) {
        var item = element("li", { class: "kb-filters__result" });
        var link = element("a", { href: own.href }, own.title);
        item.appendChild(link);
        var summary = summaries[link.href];
        if (summary) {
          item.appendChild(element("span", { class: "kb-filters__summary" }, summary));
        }
        item.appendChild(element("span", { class: "kb-filters__labels" }, own.labels.join(" · ")));
        results.appendChild(item);
      });
      more.hidden = found.length <= limit;
      more.textContent = "Vis flere (" + (found.length - Math.min(limit, found.length)) + " mere)";
    }

    function update(writeAddress) {
      var selection = chosen();
      var active = facets.some(function (facet) { return selection[facet.key].length; });
      var found = cases.filter(function (own) { return matches(own, selection); });
      /* Each count says how many cases the option would show, given the other groups. */
      facets.forEach(function (facet) {
        boxes[facet.key].forEach(function (box) {
          var count = cases.filter(function (own) {
            return own[facet.key].indexOf(box.value) !== -1 && matches(own, selection, facet.key);
          }).length;
          box.parentNode.querySelector(".kb-filters__count").textContent = "(" + count + ")";
        });
      });
      plainList.forEach(function (node) { node.hidden = active; });
      results.hidden = !active;
      reset.hidden = !active;
      if (active) {
        show(found);
      } else {
        more.hidden = true;
      }
      status.textContent = "Viser " + (active ? found.length : cases.length) + " af " + cases.length + " cases.";
      if (writeAddress) {
        var params = new URLSearchParams(window.location.search);
        facets.forEach(function (facet) {
          params.delete(facet.key);
          selection[facet.key].forEach(function (value) { params.append(facet.key, value); });
        });
        var query = params.toString();
        window.history.replaceState(null, "", window.location.pathname + (query ? "?" + query : "") + window.location.hash);
      }
    }

    var wanted = new URLSearchParams(window.location.search);
    facets.forEach(function (facet) {
      var values = wanted.getAll(facet.key).join(",").split(",");
      boxes[facet.key].forEach(function (box) {
        box.checked = values.indexOf(box.value) !== -1;
      });
    });
    groups.addEventListener("change", function () {
      limit = SHOWN_AT_ONCE;
      update(true);
    });
    reset.addEventListener("click", function () {
      facets.forEach(function (facet) {
        boxes[facet.key].forEach(function (box) { box.checked = false; });
      });
      update(true);
      boxes[facets[0].key][0].focus();
    });
    more.addEventListener("click", function () {
      var first = results.children.length;
      limit += SHOWN_AT_ONCE;
      update(false);
      var next = results.children[first];
      if (next) {
        next.querySelector("a").focus();  /* keep the keyboard where the new results begin */
      }
    });
    container.hidden = false;
    update(false);
  }
})();

/* Material's search is a dialog without a name; a screen reader announces it by this one. */
(function () {
  "use strict";
  var dialog = document.querySelector(".md-search[role=dialog]");
  if (dialog && !dialog.hasAttribute("aria-label")) {
    dialog.setAttribute("aria-label", "Søg i Casebiblioteket");
  }
})();

/* The header's menu and search buttons are <label>s for hidden checkboxes,
   which a keyboard cannot reach. Make them buttons: focusable, named, with
   their state, and operated with Enter or Space; Escape closes the menu. */
(function () {
  "use strict";
  var toggles = [
    { selector: 'label.md-header__button[for="__drawer"]', id: "__drawer", open: "Åbn menuen", close: "Luk menuen" },
    { selector: 'label.md-header__button[for="__search"]', id: "__search", open: "Åbn søgning", close: "Luk søgning" }
  ];
  toggles.forEach(function (toggle) {
    var button = document.querySelector(toggle.selector);
    var box = document.getElementById(toggle.id);
    if (!button || !box) {
      return;
    }
    button.setAttribute("role", "button");
    button.setAttribute("tabindex", "0");
    function sync() {
      button.setAttribute("aria-expanded", box.checked ? "true" : "false");
      button.setAttribute("aria-label", box.checked ? toggle.close : toggle.open);
    }
    sync();
    box.addEventListener("change", sync);
    button.addEventListener("keydown", function (event) {
      if (event.key === "Enter" || event.key === " ") {
        /* Material itself clicks a focused label on Enter; Space is ours. */
        if (event.key === " ") {
          event.preventDefault();
          button.click();
        }
        window.setTimeout(function () {
          sync();
          var target = toggle.id === "__drawer" && box.checked
            ? document.querySelector(".md-sidebar--primary .md-nav__link[href]")
            : toggle.id === "__search" && box.checked ? document.querySelector(".md-search__input") : null;
          if (target) {
            target.focus();
          }
        }, 50);
      }
    });
    button.addEventListener("click", function () { window.setTimeout(sync, 0); });
  });
  /* While the menu is open on a small screen it covers the page: Tab and Shift+Tab go round the
     menu's own links and its close button, never into the covered content behind it. */
  var narrow = window.matchMedia("(max-width: 76.234375em)");
  function menuStops() {
    var menu = document.querySelector(".md-sidebar--primary");
    var close = document.querySelector('label.md-header__button[for="__drawer"]');
    var inMenu = menu ? Array.prototype.slice.call(menu.querySelectorAll("a[href], [tabindex='0'], input, button"))
      .filter(function (element) { return element.getClientRects().length > 0; }) : [];
    return close ? [close].concat(inMenu) : inMenu;
  }
  document.addEventListener("keydown", function (event) {
    var drawer = document.getElementById("__drawer");
    if (event.key !== "Tab" || !drawer || !drawer.checked || !narrow.matches) {
      return;
    }
    var stops = menuStops();
    if (!stops.length) {
      return;
    }
    var at = stops.indexOf(document.activeElement);
    var next = at === -1 ? 0 : (at + (event.shiftKey ? -1 : 1) + stops.length) % stops.length;
    event.preventDefault();
    stops[next].focus();
  });
  document.addEventListener("keydown", function (event) {
    var drawer = document.getElementById("__drawer");
    if (event.key === "Escape" && drawer && drawer.checked) {
      drawer.checked = false;
      drawer.dispatchEvent(new Event("change"));
      var button = document.querySelector('label.md-header__button[for="__drawer"]');
      if (button) {
        button.focus();
      }
    }
  });
})();

/* A search result names the words it lacks ("Mangler: ..."). Search matches
   Danish stems, so Material would name the stem ("kommun"), a word nobody
   typed. Show the reader's own word instead ("kommunerne"): the Danish
   stemmer only cuts endings, so a stem begins its word. */
(function () {
  "use strict";
  var list = document.querySelector(".md-search-result__list");
  var input = document.querySelector(".md-search__input");
  if (!list || !input) {
    return;
  }
  new MutationObserver(function () {
    /* Words split on spaces and punctuation; an ES5 pattern, since a regex the browser
       cannot parse would stop every enhancement in this file. */
    var words = input.value.toLowerCase().split(/[\s\-,:;.!?=()\[\]"'\/*+~^]+/);
    list.querySelectorAll(".md-search-result__terms del:not([data-kb-word])").forEach(function (missing) {
      var stem = missing.textContent;
      var typed = words.filter(function (word) { return word.indexOf(stem) === 0; })[0];
      missing.setAttribute("data-kb-word", "");
      if (typed) {
        missing.textContent = typed;
      }
    });
  }).observe(list, { childList: true, subtree: true });
})();
