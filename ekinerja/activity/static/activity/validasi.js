// "Pilih semua di halaman ini" ticks the rows shown; the queue is swapped by htmx, so listen on
// the body.
document.body.addEventListener("change", function (event) {
  if (event.target.id !== "pilih-halaman") { return; }
  document.querySelectorAll("input[name=id]").forEach(function (box) {
    box.checked = event.target.checked;
  });
});
