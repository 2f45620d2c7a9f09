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

/* Filters on the case overview: narrow the list by kommune, kerneopgave and
   tema together. Within one group a case may match any ticked value; across
   groups it must match all. The choice lives in the address
   (?kommune=odder&tema=samskabelse), so a filtered list can be shared. */
(function () {
  "use strict";
  var container = document.querySelector("[data-kb-filters]");
  var data = document.getElementById("kb-filter-data");
  var cards = Array.prototype.slice.call(document.querySelectorAll(".kb-card"));
  if (!container || !data || !cards.length) {
    return;
  }
  var facets = JSON.parse(data.textContent);
  var values = cards.map(function (card) {
    var own = {};
    facets.forEach(function (facet) {
      own[facet.key] = (card.getAttribute("data-" + facet.key) || "").split(" ").filter(Boolean);
    });
    return own;
  });

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

  var title = element("h2", { id: "kb-filters-title" }, "Filtrér casene");
  var groups = element("div", { class: "kb-filters__groups" });
  var status = element("p", { class: "kb-filters__status", role: "status", "aria-live": "polite" });
  var reset = element("button", { type: "button", class: "md-button kb-filters__reset" }, "Nulstil filtre");
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
  container.appendChild(title);
  container.appendChild(groups);
  container.appendChild(status);
  container.appendChild(reset);

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

  function update(writeAddress) {
    var selection = chosen();
    var shown = 0;
    cards.forEach(function (card, index) {
      var visible = matches(values[index], selection);
      card.hidden = !visible;
      shown += visible ? 1 : 0;
    });
    /* Each count says how many cases the option would show, given the other groups. */
    facets.forEach(function (facet) {
      boxes[facet.key].forEach(function (box) {
        var count = values.filter(function (own) {
          return matches(own, selection, facet.key) && own[facet.key].indexOf(box.value) !== -1;
        }).length;
        box.parentNode.querySelector(".kb-filters__count").textContent = "(" + count + ")";
      });
    });
    status.textContent = "Viser " + shown + " af " + cards.length + " cases.";
    reset.hidden = !facets.some(function (facet) { return selection[facet.key].length; });
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

  var start = new URLSearchParams(window.location.search);
  facets.forEach(function (facet) {
    var wanted = start.getAll(facet.key).join(",").split(",");
    boxes[facet.key].forEach(function (box) {
      box.checked = wanted.indexOf(box.value) !== -1;
    });
  });
  groups.addEventListener("change", function () { update(true); });
  reset.addEventListener("click", function () {
    facets.forEach(function (facet) {
      boxes[facet.key].forEach(function (box) { box.checked = false; });
    });
    update(true);
    boxes[facets[0].key][0].focus();
  });
  container.hidden = false;
  update(false);
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
