/* Readable search snippets. Sphinx reads a page's text with textContent, which runs table cells,
   list items and headings together ("ForcesThe Moscow TimesB2"); here each block ends in a space,
   and what is not prose (the page's contents list, charts, their data, code) is left out.
   Loaded on the search page only (counterbalance.bookext.page). */
document.addEventListener("DOMContentLoaded", function () {
  if (!window.Search) { return; }
  var skipped = [".headerlink", "script", "style", "nav", ".bd-toc", ".cb-chart", ".cb-chart-data",
                 ".cb-chart-links", ".cell_input", "noscript"];
  var blocks = "p, li, dt, dd, td, th, caption, h1, h2, h3, h4, h5, h6, div, section, tr, br, figcaption";
  Search.htmlToText = function (htmlString, anchor) {
    var page = new DOMParser().parseFromString(htmlString, "text/html");
    skipped.forEach(function (query) { page.querySelectorAll(query).forEach(function (el) { el.remove(); }); });
    var main = page.querySelector('[role="main"]');
    var part = (anchor && main && main.querySelector(anchor)) || main;
    if (!part) { return ""; }
    part.querySelectorAll(blocks).forEach(function (el) { el.append(" "); });
    return part.textContent.replace(/\s+/g, " ").trim();
  };
});
