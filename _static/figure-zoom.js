// A figure opens at its full size when tapped or clicked. In the column a figure is drawn
// smaller than its file (on a phone its text shrinks to about 5 px); the file alone, at
// its own size, can be read and zoomed like any image. Each figure's image becomes a link
// to its file; an image that is already a link keeps its link.
document.addEventListener("DOMContentLoaded", () => {
  for (const image of document.querySelectorAll("article.bd-article figure img")) {
    if (image.closest("a") !== null) {
      continue;
    }
    const link = document.createElement("a");
    link.href = image.getAttribute("src");
    link.className = "figure-full-size";
    link.title = "Open the figure at full size";
    image.replaceWith(link);
    link.append(image);
  }
});
