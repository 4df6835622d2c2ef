"""政策解读: 三同步 (missing, late), and the forms 图解, 视频, 问答."""
from conftest import doc, normative

POLICY = "content/gfxwj/a.md"


def policy(**fields) -> str:
    return normative("关于印发测试办法的通知", 1, needs_interpretation="true", **fields)


def interpretation(date: str = "2024-03-05", form: str = "文字", body: str = "解读正文。", **fields) -> str:
    return doc("《测试办法》解读", 2, date=date, interprets="gfxwj/a", form=form, body=body, **fields)


def test_missing_interpretation_warns_in_build_and_fails_check_strict(site, cli):
    root = site({POLICY: policy()})
    message = (f"{POLICY}:9: 警告：需解读（needs_interpretation）的文件还没有政策解读：请在政策解读栏目发布解读，"
               "并在解读中写 interprets: 11340000MB0000000M/2024-00001")
    build = cli("build", "--site", root)
    assert build.code == 0 and message in build.problems
    strict = cli("check", "--site", root, "--strict")
    assert strict.code == 1 and message in strict.problems


def test_interpretation_after_three_working_days_is_late(site, cli):
    # the policy is published on Tuesday 2024-03-05; Friday 03-08 is the 3rd working day, Monday 03-11 the 4th
    on_time = cli("check", "--site", site({POLICY: policy(), "content/zcjd/b.md": interpretation("2024-03-08")},
                                          name="on_time"))
    assert not [p for p in on_time.problems if "工作日" in p]
    late = cli("check", "--site", site({POLICY: policy(), "content/zcjd/b.md": interpretation("2024-03-11")}))
    assert ("content/zcjd/b.md:3: 警告：政策解读在所解读文件发布（2024-03-05）后第 4 个工作日才发布，"
            "三同步要求最迟 3 个工作日内发布") in late.problems


def test_image_without_alt_text_is_an_error_at_its_line(site, cli):
    body = "说明。\n\n![](tu.png)\n\n<img src=\"tu.png\">\n\n![图解：要点](tu.png)"
    root = site({POLICY: policy(), "content/zcjd/b.md": interpretation(form="图解", body=body),
                 "content/zcjd/tu.png": b"\x89PNG\r\n\x1a\n"})
    run = cli("check", "--site", root)
    message = ("错误：图片缺少替代文字（alt）：请写成 ![图片内容的文字说明](图片文件)，"
               "图解要写出图中的要点，让使用读屏软件的读者也能了解")
    assert [p for p in run.problems if "替代文字" in p] == [f"content/zcjd/b.md:11: {message}",
                                                          f"content/zcjd/b.md:13: {message}"]


def test_infographic_needs_an_image(site, cli):
    run = cli("check", "--site", site({POLICY: policy(), "content/zcjd/b.md": interpretation(form="图解")}), "--strict")
    assert run.code == 1
    assert ("content/zcjd/b.md:7: 警告：解读形式为图解，但正文中没有图片：请用 ![图片说明](图片文件) 插入图解"
            in run.problems)


def test_video_needs_a_local_file_and_a_transcript(site, cli):
    run = cli("check", "--site", site({POLICY: policy(), "content/zcjd/b.md": interpretation(form="视频")}))
    assert "content/zcjd/b.md:7: 错误：解读形式为视频，请用 video: 写明本站的视频文件（.mp4、.webm）" in run.problems
    assert ("content/zcjd/b.md:7: 错误：视频解读须在正文中附文字稿：请加一节“## 文字实录”，写出视频的全部讲话内容"
            in run.problems)


def test_video_with_transcript_is_shown_above_it(site, cli, tmp_path):
    body = "## 文字实录\n\n主持人：今天我们解读《测试办法》。"
    root = site({POLICY: policy(),
                 "content/zcjd/b.md": interpretation(form="视频", video="media/jd.webm", body=body),
                 "content/zcjd/media/jd.webm": b"\x1aE\xdf\xa3" + b"\x00" * 60})
    run = cli("build", "--site", root, "--out", tmp_path / "out")
    assert run.code == 0, run.err
    html = (tmp_path / "out/zcjd/b.html").read_text(encoding="utf-8")
    assert '<video controls preload="metadata" src="../zcjd/media/jd.webm"' in html
    assert html.index("<video") < html.index("文字实录")
    assert (tmp_path / "out/zcjd/media/jd.webm").is_file()


def test_video_file_must_exist(site, cli):
    body = "## 文字实录\n\n讲话。"
    root = site({POLICY: policy(), "content/zcjd/b.md": interpretation(form="视频", video="jd.mp4", body=body)})
    run = cli("check", "--site", root)
    assert "content/zcjd/b.md:8: 错误：视频文件找不到文件“jd.mp4”（应在 content/zcjd/jd.mp4）" in run.problems


def test_questions_and_answers_are_rendered_as_a_definition_list(site, cli, tmp_path):
    body = "引言。\n\n### 问：谁可以申请？\n\n答：本县居民。\n\n### 问：怎么申请？\n\n答：到窗口办理。\n\n## 咨询方式\n\n电话。"
    root = site({POLICY: policy(), "content/zcjd/b.md": interpretation(form="问答", body=body)})
    run = cli("build", "--site", root, "--out", tmp_path / "out")
    assert run.code == 0, run.err
    html = (tmp_path / "out/zcjd/b.html").read_text(encoding="utf-8")
    assert ('<dl class="qa"><dt id="问谁可以申请"><span class="qa-mark">问：</span>谁可以申请？</dt>'
            "<dd><p>答：本县居民。</p></dd>") in html
    assert '</dd></dl><h2 id="咨询方式">咨询方式</h2>' in html


def test_questions_form_without_questions_is_a_warning(site, cli):
    run = cli("check", "--site", site({POLICY: policy(), "content/zcjd/b.md": interpretation(form="问答")}), "--strict")
    assert run.code == 1
    assert ("content/zcjd/b.md:7: 警告：解读形式为问答，但正文中没有问题：请把每个问题写成“### 问：……”标题，答案写在其下"
            in run.problems)
