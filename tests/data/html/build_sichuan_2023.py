"""Fixture builder: tests/data/corpus/province/sichuan-2023.txt → sichuan-2023.html.

Stage: test data. Wraps each non-empty line of the real report in a ``<p>`` (indented with
``&nbsp;&nbsp;`` or U+3000, ``**bold**`` runs as ``<strong>``, a few paragraphs wrapped mid-line in
the source as CMS editors do) inside the chrome of a typical Chinese government site: navigation,
breadcrumbs, scripts, styles, share/print/close widgets, an iframe, an external image and a footer
with the site code and ICP record. Run ``python tests/data/html/build_sichuan_2023.py`` to rebuild;
tests/test_readers.py checks that the reader recovers the .txt from it.
"""

from __future__ import annotations

import html
import re
from pathlib import Path

HERE = Path(__file__).resolve().parent
SOURCE = HERE.parent / "corpus" / "province" / "sichuan-2023.txt"
TARGET = HERE / "sichuan-2023.html"

HEAD = """<!DOCTYPE html PUBLIC "-//W3C//DTD XHTML 1.0 Transitional//EN" "http://www.w3.org/TR/xhtml1/DTD/xhtml1-transitional.dtd">
<html xmlns="http://www.w3.org/1999/xhtml">
<head>
<meta http-equiv="Content-Type" content="text/html; charset=utf-8" />
<meta name="SiteName" content="四川省人民政府网站" />
<meta name="ArticleTitle" content="2023年四川省人民政府工作报告" />
<title>2023年四川省人民政府工作报告_四川省人民政府网站</title>
<link rel="stylesheet" type="text/css" href="http://example.invalid/css/common.css" />
<style type="text/css">
  .TRS_Editor P{margin-top:0;margin-bottom:12px;line-height:2;font-family:宋体;font-size:12pt;}
  .nav li{float:left;} /* 导航样式 */
</style>
<script type="text/javascript" src="http://example.invalid/js/jquery.min.js"></script>
<script type="text/javascript">
  var _hmt = _hmt || []; var tip = "分享到微信朋友圈，请使用微信扫一扫";
  function doZoom(size){ document.getElementById('zoom').style.fontSize = size + 'px'; }
</script>
</head>
<body>
<div class="top-bar">欢迎访问四川省人民政府网站！ <a href="http://example.invalid/">无障碍</a> <a href="http://example.invalid/en/">English</a></div>
<div class="header">
  <img src="http://example.invalid/x.png" alt="四川省人民政府" />
  <form action="http://example.invalid/search" method="get"><input type="text" name="q" value="请输入关键字" /><button type="submit">搜索</button></form>
</div>
<div class="nav">
  <ul>
    <li><a href="http://example.invalid/">首页</a></li>
    <li><a href="http://example.invalid/zwgk/">政务公开</a></li>
    <li><a href="http://example.invalid/zwfw/">政务服务</a></li>
    <li><a href="http://example.invalid/hdjl/">互动交流</a></li>
    <li><a href="http://example.invalid/scgk/">走进四川</a></li>
  </ul>
</div>
<div class="position">当前位置：<a href="http://example.invalid/">首页</a> &gt; <a href="http://example.invalid/zwgk/">政务公开</a> &gt; 政府工作报告</div>
<div class="main">
 <div class="content">
  <h1 class="title">2023年四川省人民政府工作报告</h1>
  <div class="info">来源：四川日报　　发布时间：2023-01-18 09:30　　字号：<a href="javascript:doZoom(18)">大</a> <a href="javascript:doZoom(16)">中</a> <a href="javascript:doZoom(14)">小</a></div>
  <div id="zoom">
   <div class="TRS_Editor">
"""

TAIL = """   </div>
   <div class="bdsharebuttonbox"><span>分享到：</span><a class="bds_weixin" title="分享到微信">微信</a><a class="bds_tsina" title="分享到新浪微博">微博</a></div>
   <div>【<a href="javascript:window.print()">打印本页</a>】　【<a href="javascript:window.close()">关闭窗口</a>】</div>
  </div>
  <iframe src="http://example.invalid/comment/frame.html" width="100%" height="200"></iframe>
  <div class="related"><h3>相关链接</h3><ul><li><a href="http://example.invalid/1.html">2022年四川省人民政府工作报告</a></li><li><a href="http://example.invalid/2.html">图解：2023年四川省政府工作报告</a></li></ul></div>
 </div>
</div>
<noscript>您的浏览器不支持脚本，部分功能无法使用。</noscript>
<div class="footer">
  <p><a href="http://example.invalid/about">关于我们</a> | <a href="http://example.invalid/map">网站地图</a> | <a href="http://example.invalid/contact">联系我们</a></p>
  <p>主办：四川省人民政府办公厅　　网站标识码：5100000062</p>
  <p><a href="http://example.invalid/beian">蜀ICP备05003300号</a>　　川公网安备 51010402000507号</p>
</div>
<script type="text/javascript">document.write('<img src="http://example.invalid/stat.gif" />');</script>
</body>
</html>
"""

_BOLD = re.compile(r"\*\*(.+?)\*\*")
_CJK = re.compile("[\u4e00-\u9fff]")


def _paragraph(line: str, number: int) -> str:
    body = _BOLD.sub(lambda m: f"<strong>{m.group(1)}</strong>", html.escape(line, quote=False))
    if number % 7 == 3 and "<" not in body and len(body) > 80 and _CJK.match(body[40]) and _CJK.match(body[41]):
        body = body[:41] + "\n      " + body[41:]  # a CMS wrapped the source line between two CJK characters
    if body.startswith("<strong>") and body.endswith("</strong>") and body.count("<strong>") == 1:
        return f'<p style="text-align: center;">{body}</p>'
    indent = "&nbsp;&nbsp;&nbsp;&nbsp;" if number % 2 else "\u3000\u3000"
    return f'<p style="text-indent: 2em;">{indent}{body}</p>'


def build() -> str:
    lines = [line for line in SOURCE.read_text(encoding="utf-8").splitlines() if line.strip()]
    body = "\n".join("    " + _paragraph(line, n) for n, line in enumerate(lines))
    return HEAD + body + "\n" + TAIL


if __name__ == "__main__":
    TARGET.write_text(build(), encoding="utf-8")
