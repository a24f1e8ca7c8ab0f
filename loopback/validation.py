"""Discord's documented limits, checked the way Discord checks them (400 / code 50035).

Every checker returns a list of ``(path, message)`` errors; empty means valid.
"""

from __future__ import annotations

from typing import Any

Errors = list[tuple[str, str]]

IS_COMPONENTS_V2 = 1 << 15
#: interactions/application-commands.mdx: "Slash commands can have a maximum of 8000
#: characters for combined name, description, and value properties".
COMMAND_SIZE_LIMIT = 8000
_BUTTON, _ROW, _TEXT_INPUT, _LABEL = 2, 1, 4, 18
_SELECTS = (3, 5, 6, 7, 8)


def _max_len(errors: Errors, path: str, value: Any, limit: int, *, min_len: int = 0) -> None:
    if value is None:
        if min_len:
            errors.append((path, "This field is required"))
        return
    text = str(value)
    if len(text) > limit:
        errors.append((path, f"Must be {limit} or fewer in length. (got {len(text)})"))
    elif len(text) < min_len:
        errors.append((path, f"Must be {min_len} or more in length."))


def check_message(
    payload: dict[str, Any], *, creating: bool, has_files: bool = False, was_v2: bool = False
) -> Errors:
    """A message create/edit body: content, embeds, components, emptiness.

    ``was_v2``: the message being edited already carries IS_COMPONENTS_V2 (which can
    never be removed), so the v2 rules apply to the edit whatever flags it sends.
    """
    errors: Errors = []
    _max_len(errors, "content", payload.get("content"), 2000)
    embeds = payload.get("embeds") or []
    errors += check_embeds(embeds)
    components = payload.get("components") or []
    flags = int(payload.get("flags") or 0) | (IS_COMPONENTS_V2 if was_v2 else 0)
    errors += check_components(components, flags)
    if flags & IS_COMPONENTS_V2:
        # resources/message.mdx, Create Message: with IS_COMPONENTS_V2 "the message can only
        # contain components"; content, embeds, stickers and polls are refused (400).
        for key in ("content", "embeds", "sticker_ids", "poll"):
            if payload.get(key):
                errors.append((key, f"{key} cannot be used with the IS_COMPONENTS_V2 flag"))
    if creating:
        has_body = (
            payload.get("content")
            or embeds
            or components
            or has_files
            or payload.get("sticker_ids")
            or payload.get("poll")
        )
        if not has_body:
            errors.append(("content", "Cannot send an empty message (code 50006)"))
    return errors


def embed_length(embed: dict[str, Any]) -> int:
    """The characters Discord counts toward the 6000 total."""
    total = len(embed.get("title") or "") + len(embed.get("description") or "")
    for fld in embed.get("fields") or []:
        total += len(fld.get("name") or "") + len(fld.get("value") or "")
    total += len((embed.get("footer") or {}).get("text") or "")
    total += len((embed.get("author") or {}).get("name") or "")
    return total


def check_embeds(embeds: list[dict[str, Any]]) -> Errors:
    errors: Errors = []
    if len(embeds) > 10:
        errors.append(("embeds", f"Must be 10 or fewer in length. (got {len(embeds)})"))
    total = 0
    for i, embed in enumerate(embeds):
        p = f"embeds.{i}"
        _max_len(errors, f"{p}.title", embed.get("title"), 256)
        _max_len(errors, f"{p}.description", embed.get("description"), 4096)
        fields = embed.get("fields") or []
        if len(fields) > 25:
            errors.append((f"{p}.fields", f"Must be 25 or fewer in length. (got {len(fields)})"))
        for j, fld in enumerate(fields):
            _max_len(errors, f"{p}.fields.{j}.name", fld.get("name"), 256, min_len=1)
            _max_len(errors, f"{p}.fields.{j}.value", fld.get("value"), 1024, min_len=1)
        if "footer" in embed and embed["footer"] is not None:
            _max_len(errors, f"{p}.footer.text", embed["footer"].get("text"), 2048, min_len=1)
        if "author" in embed and embed["author"] is not None:
            _max_len(errors, f"{p}.author.name", embed["author"].get("name"), 256, min_len=1)
        total += embed_length(embed)
    if total > 6000:
        errors.append(("embeds", f"Embed size exceeds maximum size of 6000 (got {total})"))
    return errors


def _check_custom_id(errors: Errors, path: str, component: dict[str, Any]) -> None:
    if "custom_id" in component:
        _max_len(errors, f"{path}.custom_id", component["custom_id"], 100, min_len=1)


def _check_button(errors: Errors, path: str, button: dict[str, Any]) -> None:
    """components/reference.mdx, Button: link buttons must have a url and cannot have a
    custom_id; premium buttons have a sku_id only; the others a custom_id and no url."""
    _max_len(errors, f"{path}.label", button.get("label"), 80)
    style = button.get("style")
    if style == 5:
        if not button.get("url"):
            errors.append((f"{path}.url", "Link buttons require a url"))
        if button.get("custom_id"):
            errors.append((f"{path}.custom_id", "Link buttons cannot have a custom_id"))
    elif style == 6:
        if not button.get("sku_id"):
            errors.append((f"{path}.sku_id", "Premium buttons require a sku_id"))
        for key in ("custom_id", "label", "url", "emoji"):
            if button.get(key):
                errors.append((f"{path}.{key}", f"Premium buttons cannot have a {key}"))
    else:
        if not button.get("custom_id"):
            errors.append((f"{path}.custom_id", "This field is required"))
        if button.get("url"):
            errors.append((f"{path}.url", "Only link buttons can have a url"))
    if not button.get("label") and not button.get("emoji") and style != 6:
        errors.append((path, "Buttons require a label or an emoji"))


def _check_select(errors: Errors, path: str, select: dict[str, Any]) -> None:
    _max_len(errors, f"{path}.placeholder", select.get("placeholder"), 150)
    min_v, max_v = select.get("min_values", 1), select.get("max_values", 1)
    if not 0 <= min_v <= 25 or not 1 <= max_v <= 25 or min_v > max_v:
        errors.append((path, f"Invalid min_values/max_values ({min_v}/{max_v})"))
    if select.get("type") == 3:
        options = select.get("options") or []
        if not 1 <= len(options) <= 25:
            errors.append(
                (f"{path}.options", f"Must be between 1 and 25 in length. (got {len(options)})")
            )
        for k, opt in enumerate(options):
            _max_len(errors, f"{path}.options.{k}.label", opt.get("label"), 100, min_len=1)
            _max_len(errors, f"{path}.options.{k}.value", opt.get("value"), 100, min_len=1)
            _max_len(errors, f"{path}.options.{k}.description", opt.get("description"), 100)
        if max_v > len(options) and options:
            errors.append((f"{path}.max_values", "max_values exceeds the number of options"))


def _walk_v2(errors: Errors, path: str, component: dict[str, Any]) -> None:
    """Components v2 (containers, sections...): only the per-item limits apply."""
    _check_custom_id(errors, path, component)
    ctype = component.get("type")
    if ctype == _BUTTON:
        _check_button(errors, path, component)
    elif ctype in _SELECTS:
        _check_select(errors, path, component)
    for i, child in enumerate(component.get("components") or []):
        _walk_v2(errors, f"{path}.components.{i}", child)
    if isinstance(component.get("accessory"), dict):
        _walk_v2(errors, f"{path}.accessory", component["accessory"])


def check_components(components: list[dict[str, Any]], flags: int = 0) -> Errors:
    """Action rows (≤5, each ≤5 buttons or one select) and per-component limits."""
    errors: Errors = []
    if flags & IS_COMPONENTS_V2:
        for i, comp in enumerate(components):
            _walk_v2(errors, f"components.{i}", comp)
        total = count_components(components)
        if total > 40:  # components/reference.mdx: "Messages allow up to 40 total components"
            errors.append(("components", f"Must be 40 or fewer components in total (got {total})"))
        return errors
    if len(components) > 5:
        errors.append(("components", f"Must be 5 or fewer in length. (got {len(components)})"))
    for i, row in enumerate(components):
        p = f"components.{i}"
        if row.get("type") != _ROW:
            errors.append((p, "Top-level components must be action rows (type 1)"))
            continue
        children = row.get("components") or []
        if not children:
            errors.append((f"{p}.components", "Action rows need at least one component"))
        buttons = [c for c in children if c.get("type") == _BUTTON]
        selects = [c for c in children if c.get("type") in _SELECTS]
        if len(buttons) > 5:
            errors.append(
                (f"{p}.components", f"Must be 5 or fewer in length. (got {len(buttons)})")
            )
        if selects and len(children) > 1:
            errors.append((f"{p}.components", "A select menu must be alone in its action row"))
        for j, comp in enumerate(children):
            cp = f"{p}.components.{j}"
            _check_custom_id(errors, cp, comp)
            if comp.get("type") == _BUTTON:
                _check_button(errors, cp, comp)
            elif comp.get("type") in _SELECTS:
                _check_select(errors, cp, comp)
    custom_ids = [
        c.get("custom_id")
        for row in components
        for c in (row.get("components") or [])
        if c.get("custom_id")
    ]
    if len(custom_ids) != len(set(custom_ids)):
        errors.append(("components", "custom_id values must be unique within a message"))
    return errors


def count_components(components: list[dict[str, Any]]) -> int:
    """Every component, nested ones (rows, sections, accessories, labels) included."""
    total = 0
    for comp in components:
        total += 1 + count_components(comp.get("components") or [])
        for key in ("accessory", "component"):
            if isinstance(comp.get(key), dict):
                total += count_components([comp[key]])
    return total


#: The JSON types a choice value may have for each option type (interactions/
#: application-commands.mdx, Option Choice Structure: "Type of value depends on the
#: option type"): STRING 3, INTEGER 4, NUMBER 10.
_CHOICE_TYPES: dict[int, tuple[type, ...]] = {3: (str,), 4: (int,), 10: (int, float)}


def check_choice_types(
    choices: list[dict[str, Any]], option_type: int, path: str = "choices"
) -> Errors:
    """Each choice's value of the JSON type its option's type asks for."""
    errors: Errors = []
    wanted = _CHOICE_TYPES.get(option_type)
    if wanted is None:
        return errors
    for i, choice in enumerate(choices):
        value = choice.get("value")
        if isinstance(value, bool) or not isinstance(value, wanted):
            errors.append(
                (
                    f"{path}.{i}.value",
                    f"{value!r} is not a valid value for an option of type {option_type}",
                )
            )
    return errors


def check_choices(choices: list[dict[str, Any]], path: str = "choices") -> Errors:
    """Autocomplete results and command option choices: ≤25, name 1–100, value ≤100."""
    errors: Errors = []
    if len(choices) > 25:
        errors.append((path, f"Must be 25 or fewer in length. (got {len(choices)})"))
    for i, choice in enumerate(choices):
        _max_len(errors, f"{path}.{i}.name", choice.get("name"), 100, min_len=1)
        value = choice.get("value")
        if isinstance(value, str):
            _max_len(errors, f"{path}.{i}.value", value, 100)
    return errors


def check_modal(data: dict[str, Any]) -> Errors:
    """Modal: title 1–45, 1–5 rows/labels, text inputs with sane limits."""
    errors: Errors = []
    _max_len(errors, "data.title", data.get("title"), 45, min_len=1)
    _max_len(errors, "data.custom_id", data.get("custom_id"), 100, min_len=1)
    rows = data.get("components") or []
    if not 1 <= len(rows) <= 5:
        errors.append(("data.components", f"Must be between 1 and 5 in length. (got {len(rows)})"))
    for i, row in enumerate(rows):
        p = f"data.components.{i}"
        if row.get("type") == _LABEL:
            _max_len(errors, f"{p}.label", row.get("label"), 45, min_len=1)
            children = [row.get("component") or {}]
        elif row.get("type") == _ROW:
            children = row.get("components") or []
            if len(children) != 1:
                errors.append((f"{p}.components", "Modal action rows hold exactly one input"))
        else:
            children = [row]
        for j, comp in enumerate(children):
            cp = f"{p}.components.{j}"
            _check_custom_id(errors, cp, comp)
            if comp.get("type") == _TEXT_INPUT:
                if row.get("type") == _ROW:
                    _max_len(errors, f"{cp}.label", comp.get("label"), 45, min_len=1)
                _max_len(errors, f"{cp}.placeholder", comp.get("placeholder"), 100)
                _max_len(errors, f"{cp}.value", comp.get("value"), 4000)
                lo, hi = comp.get("min_length", 0), comp.get("max_length", 4000)
                if not (0 <= lo <= 4000 and 1 <= hi <= 4000 and lo <= hi):
                    errors.append((cp, f"Invalid min_length/max_length ({lo}/{hi})"))
            elif comp.get("type") in _SELECTS:
                _check_select(errors, cp, comp)
    return errors


def _name_char(ch: str) -> bool:
    """One character of ``[-_'\\p{L}\\p{N}\\p{sc=Deva}\\p{sc=Thai}]``."""
    code = ord(ch)
    return (
        ch.isalnum()
        or ch in "-_'"
        or 0x0900 <= code <= 0x097F  # Devanagari (its vowel signs are not letters)
        or 0x0E00 <= code <= 0x0E7F  # Thai
    )


def valid_command_name(name: str, *, chat_input: bool) -> bool:
    """interactions/application-commands.mdx: CHAT_INPUT names and option names match
    ``^[-_'\\p{L}\\p{N}\\p{sc=Deva}\\p{sc=Thai}]{1,32}$`` and use the lowercase
    variant of any cased letter; USER and MESSAGE commands may have spaces and capitals."""
    if not 1 <= len(name) <= 32:
        return False
    if not chat_input:
        return True
    return all(_name_char(ch) for ch in name) and name == name.lower()


def _field_size(obj: dict[str, Any], key: str) -> int:
    """A name or description toward the size limit: the longest of the default and its
    localizations (interactions/application-commands.mdx)."""
    texts = [str(obj.get(key) or "")]
    texts += [str(v or "") for v in (obj.get(f"{key}_localizations") or {}).values()]
    return max(len(t) for t in texts)


def _check_options(errors: Errors, path: str, options: list[dict[str, Any]]) -> int:
    """Validate options recursively; returns their character count toward the total."""
    size = 0
    if len(options) > 25:
        errors.append((path, f"Must be 25 or fewer in length. (got {len(options)})"))
    seen_optional = False
    names = [o.get("name") for o in options]
    if len(names) != len(set(names)):
        errors.append((path, "Option names must be unique"))
    for i, opt in enumerate(options):
        p = f"{path}.{i}"
        name, desc = opt.get("name") or "", opt.get("description") or ""
        if not valid_command_name(name, chat_input=True):
            errors.append((f"{p}.name", f"Invalid option name {name!r}"))
        _max_len(errors, f"{p}.description", desc, 100, min_len=1)
        size += _field_size(opt, "name") + _field_size(opt, "description")
        if opt.get("type") in (1, 2):
            size += _check_options(errors, f"{p}.options", opt.get("options") or [])
            continue
        if opt.get("required"):
            if seen_optional:
                errors.append((f"{p}.required", "Required options must be placed before optional"))
        else:
            seen_optional = True
        choices = opt.get("choices") or []
        errors += check_choices(choices, f"{p}.choices")
        errors += check_choice_types(choices, int(opt.get("type") or 0), f"{p}.choices")
        size += sum(_field_size(c, "name") + len(str(c.get("value", ""))) for c in choices)
        if choices and opt.get("autocomplete"):
            errors.append((f"{p}.autocomplete", "Autocomplete cannot be set with choices"))
    return size


def check_commands(commands: list[dict[str, Any]], *, global_scope: bool) -> Errors:
    """A bulk overwrite (tree.sync): names, descriptions, option/choice counts, totals."""
    errors: Errors = []
    chat = [c for c in commands if c.get("type", 1) == 1]
    if len(chat) > 100:
        errors.append(("", f"Maximum of 100 slash commands (got {len(chat)})"))
    keys = [(c.get("type", 1), c.get("name")) for c in commands]
    if len(keys) != len(set(keys)):
        errors.append(("", "Application command names must be unique"))
    for i, cmd in enumerate(commands):
        p = str(i)
        ctype = cmd.get("type", 1)
        name = cmd.get("name") or ""
        if not valid_command_name(name, chat_input=ctype == 1):
            errors.append((f"{p}.name", f"Invalid command name {name!r}"))
        if ctype == 1:
            _max_len(errors, f"{p}.description", cmd.get("description"), 100, min_len=1)
            size = _field_size(cmd, "name") + _field_size(cmd, "description")
            size += _check_options(errors, f"{p}.options", cmd.get("options") or [])
            if size > COMMAND_SIZE_LIMIT:
                errors.append(
                    (p, f"Command exceeds {COMMAND_SIZE_LIMIT} characters in total (got {size})")
                )
        elif cmd.get("description"):
            errors.append((f"{p}.description", "Context menu commands cannot have a description"))
    return errors


def error_body(errors: Errors) -> dict[str, Any]:
    """Discord's 50035 Invalid Form Body, which discord.py flattens into its message."""
    nested: dict[str, Any] = {}
    for path, message in errors:
        node = nested
        for key in (path or "_root").split("."):  # Discord nests: {"0": {"name": {...}}}
            node = node.setdefault(key, {})
        node.setdefault("_errors", []).append({"code": "BASE_TYPE_INVALID", "message": message})
    return {"message": "Invalid Form Body", "code": 50035, "errors": nested}
