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
     text. The browser resolves relative links to full addresses here. Not
     where the address is already on the paper: a link whose text is its
     address, and the address lines of the sheets and the print header. */
  function shownAddress(address) {
    return address.trim().replace(/^https?:\/\//, "").replace(/\/$/, "");
  }
  document.querySelectorAll(
    ".md-typeset p a[href], .md-typeset li a[href], .md-typeset dd a[href], .md-typeset td a[href]"
  ).forEach(function (link) {
    if (link.classList.contains("headerlink") || link.getAttribute("href").charAt(0) === "#" ||
        link.closest(".kb-sheet__address, .kb-address, .kb-print-header") ||
        shownAddress(link.textContent) === shownAddress(link.href)) {
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
   (?kommune=odder&tema=samskabelse), so a filtered list can be shared.
   Results are the page's own cards, shown or hidden; a case from another page
   of the list gets a card of the same markup (_card.md.j2), without the
   summary the index leaves out to stay small. */
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
  var CARD_LABELS = ["Kommune", "Kerneopgaver", "Temaer"];  /* as on the cards, one per facet */
  var wide = window.matchMedia("(min-width: 60em)");  /* Material's tablet breakpoint */

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

  function casesWord(count) {
    return count + (count === 1 ? " case" : " cases");
  }

  function start(index) {
    var facets = index.facets;
    var cases = index.cases.map(function (row) {
      var link = element("a", { href: base + "/" + row[1] });
      var own = { title: row[0], href: link.getAttribute("href"), address: link.href, card: null };
      var positions = [[row[2]], row[3], row[4]];
      facets.forEach(function (facet, number) {
        own[facet.key] = positions[number].map(function (n) { return facet.options[n].value; });
        own[facet.key + "Labels"] = positions[number].map(function (n) { return facet.options[n].label; });
      });
      return own;
    });
    var list = document.querySelector(".kb-cards");
    if (!list) {
      list = element("div", { class: "kb-cards" });
      container.parentNode.insertBefore(list, container.nextSibling);
    }
    if (!list.id) {
      list.id = "kb-resultater";
    }
    var pageCards = Array.prototype.slice.call(list.querySelectorAll(".kb-card"));
    var byAddress = {};
    pageCards.forEach(function (card) {
      var link = card.querySelector("h3 > a:not(.headerlink)");
      if (link) {
        byAddress[link.href] = card;
      }
    });
    cases.forEach(function (own) {
      own.card = byAddress[own.address] || null;
    });
    var pagers = Array.prototype.slice.call(document.querySelectorAll(".kb-pager"));

    var title = element("h2", { id: "kb-filters-title" }, "Filtrér casene");
    var bar = element("div", { class: "kb-filters__bar" });
    var status = element("p", { class: "kb-filters__status", role: "status", "aria-live": "polite" });
    var jump = element("a", { class: "kb-filters__jump", href: "#" + list.id });
    var reset = element("button", { type: "button", class: "md-button kb-filters__reset" }, "Nulstil filtre");
    var chips = element("ul", { class: "kb-filters__chips" });
    var groups = element("div", { class: "kb-filters__groups" });
    var more = element("button", { type: "button", class: "md-button kb-filters__more" }, "Vis flere");
    var limit = SHOWN_AT_ONCE;
    var boxes = {};
    var picked = {};
    facets.forEach(function (facet) {
      /* A group folds on a small screen, so the status and the results stay near. */
      var group = element("details", { class: "kb-filters__group" });
      group.open = wide.matches;
      var summary = element("summary");
      summary.appendChild(element("span", { class: "kb-filters__name" }, facet.label));
      picked[facet.key] = element("span", { class: "kb-filters__picked" });
      summary.appendChild(picked[facet.key]);
      group.appendChild(summary);
      var fieldset = element("fieldset", { "aria-label": facet.label });
      boxes[facet.key] = facet.options.map(function (option) {
        var label = element("label", { class: "kb-filters__option" });
        var box = element("input", { type: "checkbox", name: facet.key, value: option.value });
        box.setAttribute("data-kb-label", option.label);
        /* Text and count in one box beside the checkbox: a wrapped line starts under the text,
           and the no-break space keeps "(2)" with its last word. */
        var text = element("span", { class: "kb-filters__text" }, option.label + "\u00a0");
        text.appendChild(element("span", { class: "kb-filters__count" }));
        label.appendChild(box);
        label.appendChild(text);
        fieldset.appendChild(label);
        return box;
      });
      group.appendChild(fieldset);
      groups.appendChild(group);
    });
    [status, jump, reset].forEach(function (node) { bar.appendChild(node); });
    [title, bar, chips, groups].forEach(function (node) { container.appendChild(node); });
    list.parentNode.insertBefore(more, list.nextSibling);

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

    /* A case from another page of the list: the markup of _card.md.j2, built from text. */
    function cardFor(own) {
      if (!own.card) {
        var card = element("article", { class: "kb-card" });
        var heading = element("h3");
        heading.appendChild(element("a", { href: own.href }, own.title));
        card.appendChild(heading);
        var meta = element("p", { class: "kb-card__meta" });
        facets.forEach(function (facet, number) {
          if (number) {
            meta.appendChild(document.createTextNode(" · "));
          }
          meta.appendChild(element("strong", {}, CARD_LABELS[number] + ":"));
          meta.appendChild(document.createTextNode(" " + own[facet.key + "Labels"].join(", ")));
        });
        card.appendChild(meta);
        card.setAttribute("data-kb-built", "");
        own.card = card;
      }
      return own.card;
    }

    /* Show these cards in this order; the rest of the page's cards hide, built ones go. */
    function showCards(cards) {
      Array.prototype.slice.call(list.children).forEach(function (card) {
        if (cards.indexOf(card) === -1) {
          if (card.hasAttribute("data-kb-built")) {
            list.removeChild(card);
          } else {
            card.hidden = true;
          }
        }
      });
      cards.forEach(function (card) {
        card.hidden = false;
        list.appendChild(card);
      });
    }

    function firstResultLink() {
      var card = list.querySelector(".kb-card:not([hidden])");
      return card ? card.querySelector("h3 > a:not(.headerlink)") : null;
    }

    /* With no result, each ticked choice as a button that removes it. */
    function showChips(shown) {
      chips.textContent = "";
      chips.hidden = !shown;
      if (!shown) {
        return;
      }
      facets.forEach(function (facet) {
        boxes[facet.key].forEach(function (box) {
          if (!box.checked) {
            return;
          }
          var item = element("li");
          var chip = element("button", { type: "button", class: "kb-filters__chip" },
            "Fjern " + box.getAttribute("data-kb-label"));
          chip.addEventListener("click", function () {
            var at = Array.prototype.indexOf.call(chips.querySelectorAll("button"), chip);
            box.checked = false;
            limit = SHOWN_AT_ONCE;
            var found = update(true);
            /* Still nothing: the next choice to remove. Results: the first of them. */
            var left = chips.querySelectorAll("button");
            var target = found ? firstResultLink() : left[Math.min(at, left.length - 1)];
            if (target) {
              target.focus();
            }
          });
          item.appendChild(chip);
          chips.appendChild(item);
        });
      });
    }

    /* Apply the ticked choices; returns how many cases they find. */
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
        var ticked = selection[facet.key].length;
        picked[facet.key].textContent = ticked ? " (" + ticked + (ticked === 1 ? " valgt)" : " valgte)") : "";
      });
      pagers.forEach(function (node) { node.hidden = active; });
      reset.hidden = !active;
      if (active) {
        showCards(found.slice(0, limit).map(cardFor));
        more.hidden = found.length <= limit;
        more.textContent = "Vis flere (" + (found.length - Math.min(limit, found.length)) + " mere)";
      } else {
        showCards(pageCards);
        more.hidden = true;
      }
      var none = active && !found.length;
      status.textContent = none ? "Ingen cases passer til alle valg – fjern et af dem:"
        : "Viser " + (active ? found.length : cases.length) + " af " + cases.length + " cases.";
      showChips(none);
      jump.hidden = !active || none;
      jump.textContent = "Vis " + casesWord(found.length);
      if (writeAddress) {
        var params = new URLSearchParams(window.location.search);
        facets.forEach(function (facet) {
          params.delete(facet.key);
          selection[facet.key].forEach(function (value) { params.append(facet.key, value); });
        });
        var query = params.toString();
        window.history.replaceState(null, "", window.location.pathname + (query ? "?" + query : "") + window.location.hash);
      }
      return active ? found.length : cases.length;
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
      /* The first checkbox, in its group opened if it was folded. */
      var first = boxes[facets[0].key][0];
      first.closest("details").open = true;
      first.focus();
    });
    /* To the results below the panel: the first result takes the focus, clear of the sticky header. */
    jump.addEventListener("click", function (event) {
      var link = firstResultLink();
      if (!link) {
        return;
      }
      event.preventDefault();
      var header = document.querySelector(".md-header");
      var top = link.closest(".kb-card").getBoundingClientRect().top + window.pageYOffset;
      window.scrollTo(0, Math.max(0, top - (header ? header.offsetHeight : 0) - 8));
      link.focus({ preventScroll: true });
    });
    more.addEventListener("click", function () {
      var cards = list.querySelectorAll(".kb-card:not([hidden])");
      var first = cards.length;
      limit += SHOWN_AT_ONCE;
      update(false);
      var next = list.querySelectorAll(".kb-card:not([hidden])")[first];
      if (next) {
        next.querySelector("h3 > a").focus();  /* keep the keyboard where the new results begin */
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
   which a keyboard cannot reach, and a <label> may not take a button's role.
   Put a real button inside each label: focusable, named, with its state, and
   operated with Enter or Space (a button inside a label does not toggle the
   checkbox itself, so the button does). The label stays, so the menu still
   opens by mouse without JavaScript, and Material's own click handler on the
   search label (it focuses the field) still hears the click. Escape closes
   the menu. */
(function () {
  "use strict";
  var toggles = [
    { id: "__drawer", open: "Åbn menuen", close: "Luk menuen" },
    { id: "__search", open: "Åbn søgning", close: "Luk søgning" }
  ];
  toggles.forEach(function (toggle) {
    var label = document.querySelector('label.md-header__button[for="' + toggle.id + '"]');
    var box = document.getElementById(toggle.id);
    if (!label || !box) {
      return;
    }
    var button = document.createElement("button");
    button.type = "button";
    button.className = "kb-header-toggle";
    while (label.firstChild) {
      button.appendChild(label.firstChild);
    }
    label.appendChild(button);
    function sync() {
      button.setAttribute("aria-expanded", box.checked ? "true" : "false");
      button.setAttribute("aria-label", box.checked ? toggle.close : toggle.open);
    }
    sync();
    box.addEventListener("change", sync);
    button.addEventListener("click", function (event) {
      box.checked = !box.checked;
      box.dispatchEvent(new Event("change"));
      sync();
      if (event.detail !== 0) {
        return;  /* a mouse or touch: the reader's pointer is where it wants to be */
      }
      /* Enter or Space: take the keyboard into what opened, once it is shown. */
      window.setTimeout(function () {
        var target = toggle.id === "__drawer" && box.checked
          ? document.querySelector(".md-sidebar--primary .md-nav__link[href]")
          : toggle.id === "__search" && box.checked ? document.querySelector(".md-search__input") : null;
        if (target) {
          target.focus();
        }
      }, 50);
    });
  });
  /* While the menu is open on a small screen it covers the page: Tab and Shift+Tab go round the
     menu's own links and its close button, never into the covered content behind it. */
  var narrow = window.matchMedia("(max-width: 76.234375em)");
  function menuStops() {
    var menu = document.querySelector(".md-sidebar--primary");
    var close = document.querySelector('label[for="__drawer"] .kb-header-toggle');
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
      var button = document.querySelector('label[for="__drawer"] .kb-header-toggle');
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

/* Printed, a filtered list says in one line which filters it shows (the
   checkboxes themselves stay on screen, print.css). Read from the checked
   boxes and their group's name (legend or aria-label) whenever they change, so it knows nothing
   of how the filter panel is built. */
(function () {
  "use strict";
  var container = document.querySelector("[data-kb-filters]");
  if (!container) {
    return;
  }
  var summary = document.createElement("p");
  summary.className = "kb-filter-summary";
  container.parentNode.insertBefore(summary, container);

  function describe() {
    var groups = [];
    container.querySelectorAll("fieldset").forEach(function (fieldset) {
      var legend = fieldset.querySelector("legend");
      var name = legend ? legend.textContent.trim() : fieldset.getAttribute("aria-label");
      var names = Array.prototype.slice.call(fieldset.querySelectorAll("input:checked")).map(function (box) {
        var label = box.closest("label");
        return (label ? label.textContent : box.value).replace(/\(\d+\)/, "").trim();
      });
      if (names.length) {
        groups.push((name ? name + ": " : "") + names.join(", "));
      }
    });
    summary.textContent = groups.length ? "Filtreret på " + groups.join(" · ") : "";
    summary.hidden = !groups.length;
  }

  container.addEventListener("change", describe);
  window.addEventListener("beforeprint", describe);
  new MutationObserver(describe).observe(container, { childList: true, subtree: true });
  describe();
})();
