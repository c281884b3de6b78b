"""A quiz spec as a Canvas QTI 1.2 zip, laid out as text2qti 0.8.0 writes it. Pure.

The zip holds imsmanifest.xml, <id>/<id>.xml (items: choices, scoring, feedback; groups as
sections with selection_number and points_per_item), <id>/assessment_meta.xml (Canvas quiz
settings) and the quiz's images under images/. Markdown goes through the app's own renderer
(sanitised HTML, math as MathML); ElementTree does every escape. Idents are content hashes, as in
text2qti, so exporting an unchanged quiz twice gives the same bytes.

Matching questions, which text2qti does not write, are laid out as Canvas itself exports a
`matching_question`: a response_lid per prompt listing every answer as plain text (those that match
no prompt too), and a condition per prompt adding its share of the score. Canvas classic quizzes
have no ordering question: one is written as a matching question of its items to their places "1",
"2", … (graded item by item, as LETP grades ordering), and `qti_losses` says so.
"""

from __future__ import annotations

import datetime
import hashlib
import io
import posixpath
import re
import urllib.parse
import xml.etree.ElementTree as ET
import zipfile
from collections.abc import Callable
from decimal import Decimal

from lms.content.paths import IMAGE_TYPES, safe_relative
from lms.content.render import render
from lms.quizzes import spec

from .gift import Loss
from .gift_export import option_text

ReadAsset = Callable[[str], "bytes | None"]  # safe relative name beside the quiz -> file bytes, or None
IDENTIFIER = re.compile(r"^[A-Za-z_][A-Za-z0-9_.-]{0,100}$")
XSI = "http://www.w3.org/2001/XMLSchema-instance"
QTI_NAMESPACE = {
    "xmlns": "http://www.imsglobal.org/xsd/ims_qtiasiv1p2",
    "xmlns:xsi": XSI,
    "xsi:schemaLocation": "http://www.imsglobal.org/xsd/ims_qtiasiv1p2 "
    "http://www.imsglobal.org/xsd/ims_qtiasiv1p2p1.xsd",
}
MANIFEST_NAMESPACE = {
    "xmlns": "http://www.imsglobal.org/xsd/imsccv1p1/imscp_v1p1",
    "xmlns:imsmd": "http://www.imsglobal.org/xsd/imsmd_v1p2",
    "xmlns:xsi": XSI,
    "xsi:schemaLocation": "http://www.imsglobal.org/xsd/imsccv1p1/imscp_v1p1 http://www.imsglobal.org/xsd/imscp_v1p1.xsd "
    "http://www.imsglobal.org/xsd/imsmd_v1p2 http://www.imsglobal.org/xsd/imsmd_v1p2p2.xsd",
}
META_NAMESPACE = {
    "xmlns": "http://canvas.instructure.com/xsd/cccv1p0",
    "xmlns:xsi": XSI,
    "xsi:schemaLocation": "http://canvas.instructure.com/xsd/cccv1p0 https://canvas.instructure.com/xsd/cccv1p0.xsd",
}
SCORING_POLICY = {"highest": "keep_highest", "latest": "keep_latest", "average": "keep_average"}


def quiz_to_qti_zip(quiz: spec.Quiz, identifier: str, *, read_asset: ReadAsset | None = None,
                    created: datetime.date | None = None) -> bytes:  # fmt: skip
    """The Canvas package; `read_asset` supplies the images the Markdown refers to.

    Raises ValueError when `identifier` is not an XML name, or when a field cannot be rendered
    (an image that is missing, remote or without alt text), naming each problem and its line.
    """
    if not IDENTIFIER.match(identifier):
        raise ValueError(f"'{identifier}' cannot be a QTI identifier; use letters, digits, '_', '-' and '.'")
    created = created or datetime.date.today()
    package = _Package(identifier, read_asset)
    assessment = package.assessment(quiz)
    meta = package.meta(quiz)
    if package.problems:
        raise ValueError("\n".join(package.problems))
    files = {
        "imsmanifest.xml": _xml(package.manifest(created)),
        "non_cc_assessments/": b"",
        f"{package.aid}/assessment_meta.xml": _xml(meta),
        f"{package.aid}/{package.aid}.xml": _xml(assessment),
    } | {f"images/{name}": data for name, data in sorted(package.images.items())}
    stream = io.BytesIO()
    with zipfile.ZipFile(stream, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        for name, data in files.items():
            info = zipfile.ZipInfo(name, date_time=(created.year, created.month, created.day, 0, 0, 0))
            info.compress_type = zipfile.ZIP_DEFLATED
            info.external_attr = (0o40755 if name.endswith("/") else 0o100644) << 16
            archive.writestr(info, data)
    return stream.getvalue()


def qti_losses(quiz: spec.Quiz) -> list[Loss]:
    """LETP settings that a Canvas quiz cannot hold (the package carries the others)."""
    s, defaults = quiz.settings, spec.Settings()
    lost = [f"pass_percent: {s.pass_percent}" if s.pass_percent != defaults.pass_percent else "",
            f"cooldown_minutes: {s.cooldown_minutes}" if s.cooldown_minutes else "",
            "opens_at/closes_at" if s.opens_at or s.closes_at else "",
            "feedback_bands" if s.feedback_bands else "",
            "shuffle_questions: true" if s.shuffle_questions else "",
            "grading: first (exported as highest)" if s.grading == "first" else "",
            "show_correct_answers: after_pass (exported as after the last attempt)"
            if s.show_correct_answers == "after_pass" else ""]  # fmt: skip
    lost = [item for item in lost if item]
    listed = "; ".join(lost)
    found = [Loss(quiz.title, 1, f"Canvas quizzes have no equivalent of these settings; set them in Canvas: {listed}")]
    return (found if lost else []) + [
        Loss(q.title or _one_line(q.text)[:40], q.line, "Canvas classic quizzes have no ordering question; written as "
             "a matching question of each item to its place (1 = first), which Canvas grades item by item as LETP "
             "does; check its wording in Canvas")
        for q in quiz.questions() if q.type == spec.ORDERING
    ]  # fmt: skip


def _xml(root: ET.Element) -> bytes:
    ET.indent(root, space="  ")
    body = ET.tostring(root, encoding="utf-8", xml_declaration=False)
    return b'<?xml version="1.0" encoding="UTF-8"?>\n' + body + b"\n"


def _el(parent: ET.Element, tag: str, attrib: dict[str, str] | None = None, text: str | None = None) -> ET.Element:
    element = ET.SubElement(parent, tag, attrib or {})
    element.text = text
    return element


def _digest(*parts: str) -> str:
    h = hashlib.blake2b(digest_size=20)
    for part in parts:
        h.update(part.encode("utf-8") + b"\x00")
    return h.hexdigest()


def _one_line(text: str) -> str:
    return " ".join(text.split())


def _matching_rows(q: spec.Question) -> tuple[tuple[str, ...], tuple[str, ...], tuple[int, ...]]:
    """Prompts (Markdown), answers (plain text, as Canvas shows them) and each prompt's answer index."""
    if q.type == spec.ORDERING:
        places = tuple(str(place) for place in range(1, len(q.choices) + 1))
        return tuple(c.text for c in q.choices), places, tuple(range(len(q.choices)))
    return q.prompts(), tuple(option_text(o) for o in q.options()), q.key()


def _matching_processing(item: ET.Element, rights: list[tuple[str, str]], general_feedback: bool) -> None:
    """As Canvas scores matching: each prompt answered right adds its share of 100."""
    processing = _el(item, "resprocessing")
    _el(_el(processing, "outcomes"), "decvar", {"maxvalue": "100", "minvalue": "0", "varname": "SCORE",
                                               "vartype": "Decimal"})  # fmt: skip
    if general_feedback:
        condition = _el(processing, "respcondition", {"continue": "Yes"})
        _el(_el(condition, "conditionvar"), "other")
        _el(condition, "displayfeedback", {"feedbacktype": "Response", "linkrefid": "general_fb"})
    for response, match in rights:
        condition = _el(processing, "respcondition")
        _el(_el(condition, "conditionvar"), "varequal", {"respident": response}, match)
        _el(condition, "setvar", {"varname": "SCORE", "action": "Add"}, f"{100 / len(rights):.2f}")


def _number(value: Decimal) -> str:
    return format(value.normalize(), "f")


class _Package:
    def __init__(self, identifier: str, read_asset: ReadAsset | None):
        self.identifier = identifier
        self.aid = f"{identifier}_assessment"
        self.read_asset = read_asset
        self.images: dict[str, bytes] = {}
        self.problems: list[str] = []

    def image_url(self, name: str) -> str | None:
        rel = safe_relative(name)
        if rel is None or self.read_asset is None or posixpath.splitext(rel)[1].lower() not in IMAGE_TYPES:
            return None
        data = self.read_asset(rel)
        if data is None:
            return None
        self.images[rel] = data
        return f"%24IMS-CC-FILEBASE%24/images/{urllib.parse.quote(rel)}"

    def html(self, markdown_text: str | None, line: int) -> str:
        result = render(markdown_text or "", self.image_url, None, math=True)
        self.problems.extend(f"line {line + offset - 1}: {message}" for offset, message in result.problems)
        return result.html.strip()

    def mattext(self, parent: ET.Element, markdown_text: str | None, line: int) -> None:
        _el(_el(parent, "material"), "mattext", {"texttype": "text/html"}, self.html(markdown_text, line))

    def assessment(self, quiz: spec.Quiz) -> ET.Element:
        root = ET.Element("questestinterop", QTI_NAMESPACE)
        assessment = _el(root, "assessment", {"ident": self.aid, "title": _one_line(quiz.title)})
        field = _el(_el(assessment, "qtimetadata"), "qtimetadatafield")
        _el(field, "fieldlabel", text="cc_maxattempts")
        _el(field, "fieldentry", text=str(quiz.settings.max_attempts or "unlimited"))
        section = _el(assessment, "section", {"ident": "root_section"})
        for index, item in enumerate(quiz.items):
            if isinstance(item, spec.Question):
                self.item(section, item)
            elif isinstance(item, spec.Group):
                group_id = _digest(*sorted(q.text for q in item.questions))
                group = _el(section, "section", {"ident": f"letp_group_{group_id}", "title": "Group"})
                selection = _el(_el(group, "selection_ordering"), "selection")
                _el(selection, "selection_number", text=str(item.pick))
                extension = _el(selection, "selection_extension")
                _el(extension, "points_per_item", text=str(spec.number(item.points_per_question)))
                for question in item.questions:
                    self.item(group, question)
            else:
                text_id = _digest(str(index), item.title or "", item.text or "")
                text = _el(section, "item", {"ident": f"letp_text_{text_id}", "title": _one_line(item.title or "")})
                self.metadata(text, "text_only_question", "0", "", f"letp_question_ref_{text_id}")
                self.mattext(_el(text, "presentation"), item.text, item.line)
        return root

    def metadata(self, item: ET.Element, question_type: str, points: str, answer_ids: str, ref: str) -> None:
        metadata = _el(_el(item, "itemmetadata"), "qtimetadata")
        for label, value in (("question_type", question_type), ("points_possible", points),
                             ("original_answer_ids", answer_ids), ("assessment_question_identifierref", ref)):  # fmt: skip
            field = _el(metadata, "qtimetadatafield")
            _el(field, "fieldlabel", text=label)
            _el(field, "fieldentry", text=value)

    def item(self, parent: ET.Element, q: spec.Question) -> None:
        if q.type in (spec.MATCHING, spec.ORDERING):
            self.matching_item(parent, q)
            return
        qid = _digest(q.text)
        choice_ids = [f"letp_choice_{_digest(q.text, str(i), c.text)}" for i, c in enumerate(q.choices)]
        answer_ids = {spec.NUMERICAL: f"letp_numerical_{qid}", spec.ESSAY: ""}.get(q.type, ",".join(choice_ids))
        item = _el(parent, "item", {"ident": f"letp_question_{qid}", "title": _one_line(q.title or "Question")})
        self.metadata(item, q.type, str(spec.number(q.points)), answer_ids, f"letp_question_ref_{qid}")
        presentation = _el(item, "presentation")
        self.mattext(presentation, q.text, q.line)
        if q.type in spec.CHOICE_TYPES:
            cardinality = "Multiple" if q.type == spec.MULTIPLE_ANSWERS else "Single"
            response = _el(presentation, "response_lid", {"ident": "response1", "rcardinality": cardinality})
            render_choice = _el(response, "render_choice")
            for ident, choice in zip(choice_ids, q.choices, strict=True):
                self.mattext(_el(render_choice, "response_label", {"ident": ident}), choice.text, q.line)
        else:
            response = _el(presentation, "response_str", {"ident": "response1", "rcardinality": "Single"})
            numerical = q.type == spec.NUMERICAL
            fib = _el(response, "render_fib", {"fibtype": "Decimal"} if numerical else {})
            _el(fib, "response_label", {"ident": "answer1"} if numerical else {"ident": "answer1", "rshuffle": "No"})
        self.resprocessing(item, q, choice_ids)
        feedback = [("general_fb", q.feedback), ("correct_fb", q.correct_feedback),
                    ("general_incorrect_fb", q.incorrect_feedback)]  # fmt: skip
        if q.type in spec.CHOICE_TYPES:
            feedback += [(f"{ident}_fb", c.feedback) for ident, c in zip(choice_ids, q.choices, strict=True)]
        for ident, text in feedback:
            if text is not None:
                self.mattext(_el(_el(item, "itemfeedback", {"ident": ident}), "flow_mat"), text, q.line)

    def resprocessing(self, item: ET.Element, q: spec.Question, choice_ids: list[str]) -> None:
        processing = _el(item, "resprocessing")
        outcomes = _el(processing, "outcomes")
        _el(outcomes, "decvar", {"maxvalue": "100", "minvalue": "0", "varname": "SCORE", "vartype": "Decimal"})

        def condition(proceed: str, feedback: str | None = None, score: bool = False) -> ET.Element:
            respcondition = _el(processing, "respcondition", {"continue": proceed})
            conditionvar = _el(respcondition, "conditionvar")
            if score:
                _el(respcondition, "setvar", {"action": "Set", "varname": "SCORE"}, "100")
            if feedback:
                _el(respcondition, "displayfeedback", {"feedbacktype": "Response", "linkrefid": feedback})
            return conditionvar

        if q.type == spec.ESSAY:
            _el(condition("No"), "other")
            if q.feedback is not None:
                _el(condition("Yes", "general_fb"), "other")
            return
        if q.feedback is not None:
            _el(condition("Yes", "general_fb"), "other")
        for ident, choice in zip(choice_ids, q.choices, strict=True):
            if choice.feedback is not None and q.type in spec.CHOICE_TYPES:
                _el(condition("Yes", f"{ident}_fb"), "varequal", {"respident": "response1"}, ident)
        right = condition("No", "correct_fb" if q.correct_feedback is not None else None, score=True)
        if q.type in (spec.MULTIPLE_CHOICE, spec.TRUE_FALSE):
            ident = next(i for i, c in zip(choice_ids, q.choices, strict=True) if c.correct)
            _el(right, "varequal", {"respident": "response1"}, ident)
        elif q.type == spec.MULTIPLE_ANSWERS:
            both = _el(right, "and")
            for ident, choice in zip(choice_ids, q.choices, strict=True):
                _el(both if choice.correct else _el(both, "not"), "varequal", {"respident": "response1"}, ident)
        elif q.type == spec.SHORT_ANSWER:
            for choice in q.choices:
                _el(right, "varequal", {"respident": "response1"}, choice.text)
        else:
            bounds = q.numerical
            assert bounds is not None
            within = right
            if bounds.exact is not None:
                either = _el(right, "or")
                _el(either, "varequal", {"respident": "response1"}, _number(bounds.exact))
                within = _el(either, "and")
            _el(within, "vargte", {"respident": "response1"}, _number(bounds.min))
            _el(within, "varlte", {"respident": "response1"}, _number(bounds.max))
        if q.incorrect_feedback is not None:
            _el(condition("Yes", "general_incorrect_fb"), "other")

    def matching_item(self, parent: ET.Element, q: spec.Question) -> None:
        """A Canvas matching_question; an ordering question matches each item to its place."""
        qid = _digest(q.text)
        prompts, options, key = _matching_rows(q)
        prompt_ids = [f"letp_prompt_{_digest(q.text, str(i), p)}" for i, p in enumerate(prompts)]
        first = int(qid[:4], 16) * 100 + 1000  # Canvas reads a match's id as the first number in its ident
        match_ids = [str(first + index) for index in range(len(options))]
        item = _el(parent, "item", {"ident": f"letp_question_{qid}", "title": _one_line(q.title or "Question")})
        self.metadata(item, spec.MATCHING, str(spec.number(q.points)), ",".join(prompt_ids), f"letp_question_ref_{qid}")
        presentation = _el(item, "presentation")
        self.mattext(presentation, q.text, q.line)
        for prompt_id, prompt in zip(prompt_ids, prompts, strict=True):
            response = _el(presentation, "response_lid", {"ident": f"response_{prompt_id}"})
            self.mattext(response, prompt, q.line)
            render_choice = _el(response, "render_choice")
            for match_id, option in zip(match_ids, options, strict=True):
                _el(_el(_el(render_choice, "response_label", {"ident": match_id}), "material"), "mattext", text=option)
        rights = [(f"response_{ident}", match_ids[answer]) for ident, answer in zip(prompt_ids, key, strict=True)]
        _matching_processing(item, rights, q.feedback is not None)
        for ident, text in (("general_fb", q.feedback), ("correct_fb", q.correct_feedback),
                            ("general_incorrect_fb", q.incorrect_feedback)):  # fmt: skip
            if text is not None:
                self.mattext(_el(_el(item, "itemfeedback", {"ident": ident}), "flow_mat"), text, q.line)

    def meta(self, quiz: spec.Quiz) -> ET.Element:
        s, points = quiz.settings, f"{float(quiz.questions_possible):.1f}"
        show = s.show_correct_answers != "never"

        def flag(value: bool) -> str:
            return "true" if value else "false"

        root = ET.Element("quiz", {"identifier": self.aid, **META_NAMESPACE})
        fields = [("title", _one_line(quiz.title)), ("description", self.html(quiz.description, 1) if quiz.description else ""),
                  ("shuffle_answers", flag(quiz.options.shuffle_answers)),
                  ("scoring_policy", SCORING_POLICY.get(s.grading, "keep_highest")),
                  ("hide_results", "" if show else "always"), ("quiz_type", "assignment"),
                  ("points_possible", points), ("show_correct_answers", flag(show)),
                  ("show_correct_answers_last_attempt", flag(s.show_correct_answers in ("after_pass", "after_last_attempt"))),
                  ("allowed_attempts", str(s.max_attempts or -1)),
                  ("one_question_at_a_time", flag(quiz.options.one_question_at_a_time)),
                  ("cant_go_back", flag(quiz.options.cant_go_back)), ("available", "false")]  # fmt: skip
        if s.time_limit_minutes:
            fields.append(("time_limit", str(s.time_limit_minutes)))
        for tag, value in fields:
            _el(root, tag, text=value)
        assignment = _el(root, "assignment", {"identifier": f"{self.identifier}_assignment"})
        for tag, value in (("title", _one_line(quiz.title)), ("workflow_state", "unpublished"), ("quiz_identifierref", self.aid),
                           ("points_possible", points), ("grading_type", "points"),
                           ("submission_types", "online_quiz")):  # fmt: skip
            _el(assignment, tag, text=value)
        _el(root, "assignment_group_identifierref", text=f"{self.identifier}_assignment_group")
        return root

    def manifest(self, created: datetime.date) -> ET.Element:
        root = ET.Element("manifest", {"identifier": f"{self.identifier}_manifest", **MANIFEST_NAMESPACE})
        metadata = _el(root, "metadata")
        _el(metadata, "schema", text="IMS Content")
        _el(metadata, "schemaversion", text="1.1.3")
        lom = _el(metadata, "imsmd:lom")
        _el(_el(_el(lom, "imsmd:general"), "imsmd:title"), "imsmd:string", text="QTI assessment exported by LETP")
        date = _el(_el(_el(lom, "imsmd:lifeCycle"), "imsmd:contribute"), "imsmd:date")
        _el(date, "imsmd:dateTime", text=created.isoformat())
        _el(root, "organizations")
        resources = _el(root, "resources")
        dependency = f"{self.identifier}_dependency"
        resource = _el(resources, "resource", {"identifier": self.aid, "type": "imsqti_xmlv1p2"})
        _el(resource, "file", {"href": f"{self.aid}/{self.aid}.xml"})
        _el(resource, "dependency", {"identifierref": dependency})
        meta_href = f"{self.aid}/assessment_meta.xml"
        resource = _el(resources, "resource", {"identifier": dependency, "href": meta_href,
                       "type": "associatedcontent/imscc_xmlv1p1/learning-application-resource"})  # fmt: skip
        _el(resource, "file", {"href": meta_href})
        for name in sorted(self.images):
            href = f"images/{urllib.parse.quote(name)}"
            resource = _el(resources, "resource", {"identifier": f"letp_image_{_digest(name)}", "type": "webcontent",
                                                   "href": href})  # fmt: skip
            _el(resource, "file", {"href": href})
        return root
