/**
 * The page's one stylesheet, served as style.css (the CSP allows styles from the site only, so
 * nothing inline). Colours meet WCAG AA: text at 4.5:1 or more, the bars at 3:1 or more against
 * white; no colour carries meaning alone (every status is also a word).
 */
export const STYLE_CSS = `*{box-sizing:border-box}
body{margin:0;font:16px/1.5 system-ui,-apple-system,"Segoe UI",Roboto,sans-serif;color:#1f2328;background:#fff}
a{color:#0550ae}
a:focus,a:hover{outline:2px solid #0550ae;outline-offset:2px}
.skip{position:absolute;left:-999px}
.skip:focus{left:8px;top:8px;background:#fff;padding:4px 8px}
header,main,footer{max-width:860px;margin:0 auto;padding:0 16px}
header{display:flex;justify-content:space-between;align-items:baseline;flex-wrap:wrap;gap:8px;border-bottom:1px solid #d0d7de}
h1{font-size:1.5rem;margin:16px 0}
h2{font-size:1.25rem}
h3{font-size:1.1rem;margin:0}
h4{font-size:1rem;margin:12px 0 4px}
.summary{margin:16px 0;padding:16px;border-radius:8px;border:2px solid}
.summary h2{margin:0;font-size:1rem}
.overall{font-size:1.4rem;font-weight:700;margin:4px 0}
.updated{font-size:1.1rem;font-weight:600;margin:4px 0}
.hint,.quiet,.bars-text,figcaption{font-size:.9rem;color:#424a53}
.app{border:1px solid #d0d7de;border-radius:8px;padding:12px 16px;margin:12px 0}
.head{display:flex;justify-content:space-between;align-items:center;gap:8px}
.state{margin:0;padding:2px 10px;border-radius:12px;font-weight:600;border:1px solid}
.s-up{background:#dafbe1;color:#116329;border-color:#116329}
.s-degraded{background:#fff8c5;color:#6c4400;border-color:#6c4400}
.s-down{background:#ffebe9;color:#a40e26;border-color:#a40e26}
.s-maintenance{background:#ddf4ff;color:#0a3069;border-color:#0a3069}
.s-unknown{background:#eaeef2;color:#424a53;border-color:#424a53}
dl{display:flex;gap:24px;margin:8px 0}
dt{font-size:.85rem;color:#424a53}
dd{margin:0;font-weight:600}
figure{margin:8px 0}
.bars{display:flex;gap:1px;height:28px;margin:4px 0}
.bars i{flex:1;border-radius:1px}
.f{background:#1a7f37}.m{background:#9a6700}.p{background:#bc4c00}.x{background:#cf222e}.n{background:#6e7781}
.incidents{margin:0;padding-left:20px}
.notes{margin:4px 0;padding-left:18px}
footer{border-top:1px solid #d0d7de;margin-top:24px;font-size:.9rem;color:#424a53}
`;
