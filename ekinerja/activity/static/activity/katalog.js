// Choosing a catalogue item fills the satuan (and an empty uraian) from it, without
// overwriting what the employee typed; delegated so that forms swapped in by htmx work too.
document.body.addEventListener("change", function (event) {
  var select = event.target;
  if (!select.matches || !select.matches("select[data-catalog]") || !select.form) { return; }
  var option = select.selectedOptions[0];
  if (!option || !option.dataset.satuan) { return; }
  var fields = select.form.elements;
  [["satuan", option.dataset.satuan], ["uraian", option.dataset.uraian]].forEach(function (pair) {
    var input = fields.namedItem(pair[0]);
    if (input && (!input.value || input.dataset.auto === input.value)) {
      input.value = pair[1];
      input.dataset.auto = pair[1];
    }
  });
});
