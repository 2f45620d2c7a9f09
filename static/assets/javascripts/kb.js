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
