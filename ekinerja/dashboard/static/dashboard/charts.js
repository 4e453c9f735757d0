// Charts of the monitoring pages. The numbers come from a json_script element written by the
// page (no inline script), so a Content-Security-Policy can forbid inline code.
(function () {
  "use strict";
  var source = document.getElementById("chart-data");
  if (!source || typeof Chart === "undefined") return;
  var data = JSON.parse(source.textContent);
  var percent = function (value) { return value + "%"; };

  var opd = document.getElementById("chart-opd");
  if (opd && data.opd) {
    new Chart(opd, {
      type: "bar",
      data: {
        labels: data.opd,
        datasets: [
          { label: "SKP disetujui", data: data.skp, backgroundColor: "#0d6efd" },
          { label: "Pengisian aktivitas", data: data.isian, backgroundColor: "#198754" },
          { label: "Kehadiran", data: data.presensi, backgroundColor: "#ffc107" }
        ]
      },
      options: {
        indexAxis: "y",
        maintainAspectRatio: false,
        animation: false,
        scales: { x: { min: 0, max: 100, ticks: { callback: percent } } },
        plugins: { legend: { position: "top" } }
      }
    });
    opd.dataset.rendered = "1";
  }

  var predikat = document.getElementById("chart-predikat");
  if (predikat && data.predikat) {
    new Chart(predikat, {
      type: "doughnut",
      data: {
        labels: data.predikat.map(function (pair) { return pair[0]; }),
        datasets: [{
          data: data.predikat.map(function (pair) { return pair[1]; }),
          backgroundColor: ["#198754", "#0d6efd", "#ffc107", "#fd7e14", "#dc3545"]
        }]
      },
      options: { maintainAspectRatio: false, animation: false, plugins: { legend: { position: "bottom" } } }
    });
    predikat.dataset.rendered = "1";
  }
})();
