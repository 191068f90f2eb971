// Progressive enhancement of the settings page: without this script the form posts and the page reloads; with it,
// saving goes through the page's JSON API and the result is announced in place (role=status).
(function () {
  'use strict';
  var form = document.getElementById('settings');
  if (!form || !window.fetch || !window.JSON) {
    return;
  }
  var status = document.getElementById('status');
  var quiet = document.getElementById('quiet');
  var start = document.getElementById('quiet-start');
  var end = document.getElementById('quiet-end');

  function syncQuietHours() {
    start.disabled = !quiet.checked;
    end.disabled = !quiet.checked;
  }
  quiet.addEventListener('change', syncQuietHours);
  syncQuietHours();

  function announce(message, failed) {
    status.textContent = message;
    status.classList.toggle('failed', !!failed);
  }

  function body() {
    var channels = {};
    var categories = {};
    form.querySelectorAll('input[type=checkbox][data-channel]').forEach(function (box) {
      var category = box.getAttribute('data-category');
      var channel = box.getAttribute('data-channel');
      if (category) {
        categories[category] = categories[category] || {};
        categories[category][channel] = box.checked;
      } else {
        channels[channel] = box.checked;
      }
    });
    return {
      channels: channels,
      categories: categories,
      quietHours: quiet.checked ? { start: start.value, end: end.value } : null,
      timezone: form.querySelector('#timezone').value
    };
  }

  form.addEventListener('submit', function (event) {
    event.preventDefault();
    var button = form.querySelector('button[type=submit]');
    button.disabled = true;
    announce('Saving\u2026', false);
    fetch(form.getAttribute('data-api'), {
      method: 'PUT',
      headers: { 'Content-Type': 'application/json', 'Accept': 'application/json' },
      body: JSON.stringify(body())
    }).then(function (response) {
      if (response.ok) {
        announce('Your settings are saved.', false);
        return;
      }
      return response.json().catch(function () { return {}; }).then(function (problem) {
        var details = (problem.errors || []).map(function (error) { return error.field + ': ' + error.message; });
        announce('Your settings were not saved. ' + (details.length ? details.join('; ') : (problem.detail || '')), true);
      });
    }).catch(function () {
      announce('Your settings were not saved: the connection failed. Please try again.', true);
    }).then(function () {
      button.disabled = false;
    });
  });
})();
