// The scan box's camera: reads a QR code or Data Matrix with the device camera and sends what it read exactly as a
// wedge scanner would (the text in the box, then Enter). The browser's own BarcodeDetector when it reads both
// symbologies; otherwise ZXing (bundled, loaded only when needed). No inline script: the page's CSP forbids it.
(() => {
  'use strict';
  const form = document.querySelector('form.scan');
  if (!form || !navigator.mediaDevices || !navigator.mediaDevices.getUserMedia) {
    return;
  }

  const input = form.querySelector('input[name=q]');
  const open = document.createElement('button');
  open.type = 'button';
  open.id = 'scan-camera';
  open.className = 'secondary';
  open.textContent = 'Camera';
  open.setAttribute('aria-label', 'Scan with the camera');
  form.append(open);

  const panel = document.createElement('div');
  panel.className = 'camera';
  panel.hidden = true;
  const video = document.createElement('video');
  video.id = 'scan-video';
  video.muted = true;
  video.setAttribute('playsinline', '');
  const status = document.createElement('p');
  status.id = 'scan-status';
  status.setAttribute('role', 'status');
  const stop = document.createElement('button');
  stop.type = 'button';
  stop.id = 'scan-stop';
  stop.className = 'secondary';
  stop.textContent = 'Stop camera';
  panel.append(video, status, stop);
  form.after(panel);

  let stream = null;
  let running = false;
  let zxingReader = null;

  const close = () => {
    running = false;
    if (zxingReader) {
      zxingReader.reset();
      zxingReader = null;
    }
    if (stream) {
      stream.getTracks().forEach(t => t.stop());
      stream = null;
    }
    video.srcObject = null;
    panel.hidden = true;
    open.disabled = false;
  };

  const found = (text, how) => {
    close();
    input.value = text;
    form.dataset.scannedWith = how;
    form.requestSubmit();
  };

  const nativeDetector = async () => {
    if (!('BarcodeDetector' in window)) {
      return null;
    }
    const supported = await window.BarcodeDetector.getSupportedFormats();
    return supported.includes('qr_code') && supported.includes('data_matrix')
      ? new window.BarcodeDetector({ formats: ['qr_code', 'data_matrix'] })
      : null;
  };

  const loadZxing = () => window.ZXing ? Promise.resolve(window.ZXing) : new Promise((resolve, reject) => {
    const script = document.createElement('script');
    script.src = '/vendor/zxing-library.min.js';
    script.onload = () => resolve(window.ZXing);
    script.onerror = () => reject(new Error('the camera reader could not be loaded'));
    document.head.append(script);
  });

  const withDetector = async detector => {
    await video.play();
    const tick = async () => {
      if (!running) {
        return;
      }
      try {
        const codes = await detector.detect(video);
        if (codes.length > 0) {
          found(codes[0].rawValue, 'BarcodeDetector');
          return;
        }
      } catch (e) {
        // A frame not ready yet: try the next one.
      }
      setTimeout(tick, 120);
    };
    tick();
  };

  const withZxing = async () => {
    const ZXing = await loadZxing();
    const hints = new Map();
    hints.set(ZXing.DecodeHintType.POSSIBLE_FORMATS, [ZXing.BarcodeFormat.QR_CODE, ZXing.BarcodeFormat.DATA_MATRIX]);
    hints.set(ZXing.DecodeHintType.TRY_HARDER, true);
    zxingReader = new ZXing.BrowserMultiFormatReader(hints, 150);
    zxingReader.decodeFromStream(stream, video, result => {
      if (result && running) {
        found(result.getText(), 'ZXing');
      }
    });
  };

  open.addEventListener('click', async () => {
    open.disabled = true;
    panel.hidden = false;
    status.textContent = 'Starting the camera…';
    try {
      stream = await navigator.mediaDevices.getUserMedia({ video: { facingMode: 'environment' }, audio: false });
      video.srcObject = stream;
      running = true;
      status.textContent = 'Hold the QR code or Data Matrix in front of the camera.';
      const detector = await nativeDetector();
      await (detector ? withDetector(detector) : withZxing());
    } catch (e) {
      close();
      panel.hidden = false;
      status.textContent = 'The camera could not be used (' + (e && e.message ? e.message : e) + '). Type or scan into the box instead.';
    }
  });

  stop.addEventListener('click', close);
})();
