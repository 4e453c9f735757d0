// Phone check-in: read the location, post it with a key for this tap, show the answer.
// The key stays the same while one tap is being delivered, so a request repeated after a
// dropped connection (by the retries here or by tapping again) is stored once on the server.
(function () {
  "use strict";
  var form = document.getElementById("form-presensi");
  if (!form) { return; }
  var button = form.querySelector("[data-testid=tombol-presensi]");
  var label = button.querySelector("[data-label]");
  var statusBox = document.getElementById("status-presensi");
  var list = document.getElementById("daftar-presensi");
  var csrf = form.querySelector("input[name=csrfmiddlewaretoken]").value;
  var RETRY_DELAYS = [1000, 2000, 4000];
  var pendingKey = null;

  function show(text, tone) {
    statusBox.innerHTML = "";
    if (!text) { return; }
    var box = document.createElement("div");
    box.className = "alert alert-" + tone + " mb-0";
    box.setAttribute("role", tone === "danger" ? "alert" : "status");
    box.textContent = text;
    statusBox.appendChild(box);
  }

  function busy(on) {
    button.disabled = on;
    button.setAttribute("aria-busy", on ? "true" : "false");
  }

  function newKey() {
    if (window.crypto && typeof window.crypto.randomUUID === "function") {
      return window.crypto.randomUUID();
    }
    var bytes = new Uint8Array(16);
    window.crypto.getRandomValues(bytes);
    return Array.prototype.map.call(bytes, function (b) {
      return ("0" + b.toString(16)).slice(-2);
    }).join("");
  }

  if (!window.isSecureContext || !("geolocation" in navigator)) {
    show("Peramban ini tidak dapat membaca lokasi di halaman ini. Buka E-Kinerja melalui alamat " +
      "https dengan peramban terbaru (Chrome, Firefox, atau Safari) untuk presensi.", "warning");
    return;
  }
  button.hidden = false;

  var LOCATION_PROBLEMS = {
    1: "Izin lokasi ditolak. Izinkan akses lokasi untuk situs ini di pengaturan peramban " +
       "(ikon gembok di samping alamat), lalu tekan tombol presensi lagi.",
    2: "Lokasi tidak dapat ditentukan. Nyalakan GPS atau layanan lokasi ponsel, lalu coba lagi.",
    3: "Lokasi tidak terbaca dalam waktu yang ditentukan. Pindah ke tempat terbuka atau dekat " +
       "jendela, lalu coba lagi."
  };

  function locationFailed(error) {
    busy(false);
    show(LOCATION_PROBLEMS[error.code] || "Lokasi tidak dapat dibaca. Coba lagi.", "danger");
  }

  function finished(response, data) {
    busy(false);
    if (response.redirected) {
      // Only the login page answers this way: the session ended while the page was open.
      pendingKey = null;
      show("Sesi Anda telah berakhir. Muat ulang halaman, masuk kembali, lalu tekan tombol " +
        "presensi lagi.", "danger");
      return;
    }
    if (response.ok && data && data.ok) {
      pendingKey = null;
      if (data.html !== undefined) { list.innerHTML = data.html; }
      if (data.tombol) { label.textContent = data.tombol; }
      show(data.pesan, data.nada || "success");
      return;
    }
    // A definite refusal: the next tap is a new attempt with a new key.
    pendingKey = null;
    if (response.status === 400 && data && data.pesan) {
      show([].concat(data.pesan).join(" "), "danger");
    } else if (response.status === 403) {
      show("Anda tidak berwenang melakukan presensi. Presensi hanya untuk pegawai.", "danger");
    } else {
      show("Presensi tidak dapat diproses (kode " + response.status + "). Muat ulang halaman, " +
        "lalu coba lagi.", "danger");
    }
  }

  function send(body, attempt) {
    fetch(form.action, {
      method: "POST",
      credentials: "same-origin",
      headers: {"X-CSRFToken": csrf, "Accept": "application/json"},
      body: body
    }).then(function (response) {
      // A server error rolled back; the same key makes a resend safe.
      if (response.status >= 500 && attempt < RETRY_DELAYS.length) {
        return retry(body, attempt);
      }
      return response.json().catch(function () { return null; }).then(function (data) {
        finished(response, data);
      });
    }).catch(function () {
      if (attempt < RETRY_DELAYS.length) { return retry(body, attempt); }
      busy(false);
      // pendingKey is kept: tapping again resends this presensi, never a second one.
      show("Tidak dapat terhubung ke server. Periksa koneksi internet, lalu tekan tombol " +
        "presensi lagi; presensi tidak akan tercatat dua kali.", "danger");
    });
  }

  function retry(body, attempt) {
    show("Koneksi terputus, mencoba mengirim ulang…", "secondary");
    window.setTimeout(function () { send(body, attempt + 1); }, RETRY_DELAYS[attempt]);
  }

  button.addEventListener("click", function () {
    if (button.disabled) { return; }
    if (!pendingKey) { pendingKey = newKey(); }
    var key = pendingKey;
    busy(true);
    show("Membaca lokasi…", "secondary");
    navigator.geolocation.getCurrentPosition(function (position) {
      var body = new FormData();
      body.append("latitude", position.coords.latitude.toFixed(6));
      body.append("longitude", position.coords.longitude.toFixed(6));
      body.append("akurasi", String(position.coords.accuracy));
      body.append("kunci", key);
      show("Mengirim presensi…", "secondary");
      send(body, 0);
    }, locationFailed, {enableHighAccuracy: true, timeout: 20000, maximumAge: 0});
  });
})();
