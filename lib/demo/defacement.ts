/**
 * The demo's defaced site: a regional KPU page that, during the scenario's `defaced` window,
 * carries gambling links hidden in its markup (the pattern found on go.id sites: invisible to
 * visitors, there for search engines). It keeps answering 200 OK throughout, so uptime stays UP;
 * only the security patrol sees it. The links point at `.example` names and are never fetched.
 */

const CLEAN_BODY = `<header><img src="/img/logo-kpu.png" alt="Logo KPU"></header>
<h1>Komisi Pemilihan Umum Kota Bandung</h1>
<p>Pengumuman daftar pemilih tetap dan jadwal tahapan pemilihan umum di Kota Bandung.</p>
<p>Informasi layanan publik, regulasi, dan publikasi KPU Kota Bandung.</p>
<ul><li>Profil</li><li>Tahapan Pemilu</li><li>Regulasi</li><li>Kontak</li></ul>
<footer>Hak cipta KPU Kota Bandung</footer>`;

const HIDDEN_LINKS = `<div style="display:none">
<a href="https://slot-gacor.example/">Slot Gacor Maxwin Hari Ini</a>
<a href="https://judi.example/daftar">Situs Judi Online Terpercaya</a>
</div>`;

export function kpuKotaPage(defaced: boolean): string {
  const body = defaced ? `${CLEAN_BODY}\n${HIDDEN_LINKS}` : CLEAN_BODY;
  return `<!doctype html><html><head><title>KPU Kota Bandung</title></head><body>${body}</body></html>`;
}
