/*
 * The form of one embed, as the build wrote it from the simulation's PARAMS: reading and setting
 * values, and the message slot next to each control. Values go to Python as the control holds them
 * (text, or true/false for a checkbox); Python's spec checks and converts them. "Load this example"
 * buttons set the values of a worked example of the chapter, as the module's PRESETS give them.
 */

export class Controls {
  constructor(form, onChange) {
    this.form = form;
    this.fields = form ? [...form.querySelectorAll("[name]")] : [];
    if (!form) return;
    form.addEventListener("input", (event) => {
      this.select(event.target);
      if (event.target.type !== "range") return;
      this.showValue(event.target);
      onChange(event.target.name);
    });
    form.addEventListener("click", (event) => {
      const preset = event.target.closest(".sim-preset");
      if (!preset) return;
      this.set(JSON.parse(preset.dataset.values));
      onChange(null);
    });
    form.addEventListener("change", (event) => {
      if (event.target.type !== "range") onChange(event.target.name);
    });
    form.addEventListener("submit", (event) => {
      event.preventDefault();
      const field = event.submitter || document.activeElement;
      if (field && field.name) onChange(field.name);
    });
  }

  values() {
    return Object.fromEntries(this.fields.map((field) => [field.name, readField(field)]));
  }

  /* Set the controls named in `values`; returns the names no control has. */
  set(values) {
    const unknown = [];
    for (const [name, value] of Object.entries(values)) {
      const field = this.fields.find((candidate) => candidate.name === name);
      if (!field) {
        unknown.push(name);
      } else if (field.type === "checkbox") {
        field.checked = value === true || value === "true";
      } else {
        field.value = value;
        this.showValue(field);
      }
    }
    return unknown;
  }

  /* A field whose spec `selects` a choice (typing "Your kernel" picks "Your own") sets that choice. */
  select(field) {
    const name = field.dataset.selectsName;
    const target = name && this.fields.find((candidate) => candidate.name === name);
    if (target) target.value = field.dataset.selectsValue;
  }

  showMessage(name, text) {
    this.clearMessages();
    const field = this.fields.find((candidate) => candidate.name === name);
    if (!field) return false;
    field.setAttribute("aria-invalid", "true");
    document.getElementById(`${field.id}-message`).textContent = text;
    return true;
  }

  clearMessages() {
    for (const field of this.fields) {
      field.removeAttribute("aria-invalid");
      document.getElementById(`${field.id}-message`).textContent = "";
    }
  }

  showValue(field) {
    const output = this.form.querySelector(`output[for="${field.id}"]`);
    if (output) output.textContent = field.value;
  }
}

function readField(field) {
  return field.type === "checkbox" ? field.checked : field.value;
}
