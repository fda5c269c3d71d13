/*
 * The form of one embed, as the build wrote it from the simulation's PARAMS: reading and setting
 * values, and the message slot next to each control. Values go to Python as the control holds them
 * (text, or true/false for a checkbox); Python's spec checks and converts them.
 */

export class Controls {
  constructor(form, onChange) {
    this.form = form;
    this.fields = form ? [...form.querySelectorAll("[name]")] : [];
    if (!form) return;
    form.addEventListener("input", (event) => {
      if (event.target.type !== "range") return;
      this.showValue(event.target);
      onChange(event.target.name);
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
