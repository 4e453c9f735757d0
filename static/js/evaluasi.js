// The Dokumen Evaluasi form: as the penilai rates each item, the suggested rating of each
// aspect (the rounded mean, as the server computes it) and the predikat are shown at once.
// The server recomputes both on saving; this only spares a round trip.
(function () {
  var SCORE = {di_bawah: 1, sesuai: 2, di_atas: 3};
  var BY_SCORE = {1: "di_bawah", 2: "sesuai", 3: "di_atas"};
  var LABEL = {di_bawah: "Di Bawah Ekspektasi", sesuai: "Sesuai Ekspektasi", di_atas: "Di Atas Ekspektasi"};
  var matrixNode = document.getElementById("matriks-predikat");
  if (!matrixNode) { return; }
  var matrix = JSON.parse(matrixNode.textContent);

  function suggestion(aspek) {
    var total = 0, count = 0;
    document.querySelectorAll('.js-rating[data-aspek="' + aspek + '"]').forEach(function (el) {
      if (SCORE[el.value]) { total += SCORE[el.value]; count += 1; }
    });
    if (!count) { return ""; }
    // Half up, as Decimal ROUND_HALF_UP on the server (means are never negative).
    return BY_SCORE[Math.floor(total / count + 0.5)];
  }

  function finalOf(aspek) {
    var select = document.querySelector('.js-final[data-aspek="' + aspek + '"]');
    if (!select) { return ""; }
    if (aspek === "hasil" && select.dataset.tetap === "1") { return select.dataset.saran; }
    return select.value || select.dataset.saran;
  }

  function refresh() {
    ["hasil", "perilaku"].forEach(function (aspek) {
      var select = document.querySelector('.js-final[data-aspek="' + aspek + '"]');
      if (!select || select.dataset.tetap === "1") { return; }
      var saran = suggestion(aspek) || select.dataset.saranAwal || "";
      select.dataset.saran = saran;
      select.options[0].textContent = saran ? "Ikuti saran: " + LABEL[saran] : "Ikuti saran (beri penilaian per butir)";
    });
    var hasil = finalOf("hasil"), perilaku = finalOf("perilaku");
    var preview = document.getElementById("predikat-pratinjau");
    preview.textContent = hasil && perilaku ? matrix[hasil + ":" + perilaku] : "–";
  }

  document.querySelectorAll(".js-final").forEach(function (select) {
    select.dataset.saranAwal = select.dataset.saran;
  });
  document.querySelectorAll(".js-rating, .js-final").forEach(function (el) {
    el.addEventListener("change", refresh);
  });
  refresh();
})();
