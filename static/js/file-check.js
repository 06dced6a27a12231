/* File fields that refuse a file the moment it is chosen (too big, or not a type the field takes),
   with the reason beside the field: the form is not sent, so the files chosen in the other fields
   stay chosen (a form that comes back from the server has lost them all). The server checks again. */
const MEGABYTE = 1024 * 1024;

function takes(input, file) {
  const types = (input.accept || "").split(",").map((type) => type.trim().toLowerCase()).filter(Boolean);
  const type = (file.type || "").toLowerCase();
  const name = file.name.toLowerCase();
  return (
    types.length === 0 ||
    types.some((accepted) => {
      if (accepted.endsWith("/*")) return type.startsWith(accepted.slice(0, -1));
      if (accepted.startsWith(".")) return name.endsWith(accepted);
      return type === accepted;
    })
  );
}

function problemWith(input, file) {
  const limit = Number(input.dataset.maxBytes);
  if (limit && file.size > limit) {
    const size = (file.size / MEGABYTE).toFixed(1);
    return `${file.name} is ${size} MB; files may be up to ${Math.floor(limit / MEGABYTE)} MB. Choose a smaller file.`;
  }
  if (!takes(input, file)) return `${file.name} is not ${input.dataset.types || "a type this field takes"}. Choose another file.`;
  return "";
}

/* The field's own note (made once, described by it), shown with the problem or hidden without one. */
function noteFor(input) {
  const id = `${input.id}_problem`;
  let note = document.getElementById(id);
  if (!note) {
    note = document.createElement("p");
    note.id = id;
    note.className = "error";
    note.setAttribute("role", "alert");
    (input.closest(".field") || input.parentElement).append(note);
    const described = (input.getAttribute("aria-describedby") || "").split(" ").filter(Boolean);
    input.setAttribute("aria-describedby", [...described, id].join(" "));
  }
  return note;
}

function check(input) {
  const file = input.files && input.files[0];
  const problem = file ? problemWith(input, file) : "";
  const note = noteFor(input);
  note.textContent = problem;
  note.hidden = !problem;
  (input.closest(".field") || input.parentElement).classList.toggle("field--error", Boolean(problem));
  if (problem) input.value = ""; // not sent: the field is empty again, and says why
}

document.querySelectorAll('input[type="file"][data-max-bytes]').forEach((input) => {
  input.addEventListener("change", () => check(input));
});
