import type { PublicStatus } from './types';

/** The page's languages: Bahasa Indonesia first (the home page), English at en/. */
export type Language = 'id' | 'en';
export const LANGUAGES: Language[] = ['id', 'en'];

/** Everything the page says, per language. Status words carry the meaning colour only repeats. */
export interface PageText {
  skip: string;
  languageNav: string;
  otherLanguage: { label: string; lang: Language; href: string };
  summaryHeading: string;
  overall: Record<PublicStatus, string>;
  status: Record<PublicStatus, string>;
  updated: string;
  staleHint: string;
  servicesHeading: string;
  latency: string;
  latencyNone: string;
  availability: string;
  noData: string;
  barsCaption: string;
  barsAllGood: (days: number) => string;
  barsBadDays: string;
  barsNoDataDays: (days: number) => string;
  incidentsHeading: string;
  noIncidents: string;
  ongoingSince: string;
  resolved: string;
  updates: string;
  months: string[];
  units: { s: string; min: string; h: string; d: string };
  decimal: string;
  footer: string;
}

export const TEXT: Record<Language, PageText> = {
  id: {
    skip: 'Langsung ke isi',
    languageNav: 'Bahasa',
    otherLanguage: { label: 'English', lang: 'en', href: 'en/index.html' },
    summaryHeading: 'Status saat ini',
    overall: {
      up: 'Semua layanan beroperasi normal',
      degraded: 'Sebagian layanan melambat',
      down: 'Sebagian layanan mengalami gangguan',
      maintenance: 'Sebagian layanan sedang dalam pemeliharaan',
      unknown: 'Status belum tersedia',
    },
    status: { up: 'Normal', degraded: 'Melambat', down: 'Gangguan', maintenance: 'Pemeliharaan', unknown: 'Belum ada data' },
    updated: 'Diperbarui',
    staleHint: 'Halaman ini diperbarui setiap menit. Jika waktu di atas sudah lewat lebih dari 5 menit, informasi ini mungkin sudah usang.',
    servicesHeading: 'Layanan',
    latency: 'Waktu respons',
    latencyNone: 'tidak ada',
    availability: 'Ketersediaan 90 hari',
    noData: 'belum ada data',
    barsCaption: 'Ketersediaan harian, 90 hari terakhir',
    barsAllGood: (days) => `Tidak ada gangguan tercatat dalam ${days} hari yang memiliki data.`,
    barsBadDays: 'Hari dengan gangguan:',
    barsNoDataDays: (days) => `${days} hari tanpa data.`,
    incidentsHeading: 'Insiden',
    noIncidents: 'Tidak ada insiden dalam 7 hari terakhir.',
    ongoingSince: 'Sedang berlangsung, sejak',
    resolved: 'Selesai',
    updates: 'Pembaruan',
    months: ['Jan', 'Feb', 'Mar', 'Apr', 'Mei', 'Jun', 'Jul', 'Agu', 'Sep', 'Okt', 'Nov', 'Des'],
    units: { s: 'detik', min: 'menit', h: 'jam', d: 'hari' },
    decimal: ',',
    footer: 'Dipantau otomatis dari beberapa lokasi. Gangguan dikonfirmasi sebelum ditampilkan.',
  },
  en: {
    skip: 'Skip to content',
    languageNav: 'Language',
    otherLanguage: { label: 'Bahasa Indonesia', lang: 'id', href: '../index.html' },
    summaryHeading: 'Current status',
    overall: {
      up: 'All services operational',
      degraded: 'Some services are slow',
      down: 'Some services are down',
      maintenance: 'Some services are under maintenance',
      unknown: 'Status not available yet',
    },
    status: { up: 'Operational', degraded: 'Slow', down: 'Outage', maintenance: 'Maintenance', unknown: 'No data yet' },
    updated: 'Updated',
    staleHint: 'This page is updated every minute. If the time above is more than 5 minutes old, this information may be out of date.',
    servicesHeading: 'Services',
    latency: 'Response time',
    latencyNone: 'none',
    availability: '90-day availability',
    noData: 'no data yet',
    barsCaption: 'Daily availability, last 90 days',
    barsAllGood: (days) => `No disruption recorded in the ${days} days with data.`,
    barsBadDays: 'Days with disruption:',
    barsNoDataDays: (days) => `${days} days without data.`,
    incidentsHeading: 'Incidents',
    noIncidents: 'No incidents in the last 7 days.',
    ongoingSince: 'Ongoing, since',
    resolved: 'Resolved',
    updates: 'Updates',
    months: ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'],
    units: { s: 's', min: 'min', h: 'h', d: 'd' },
    decimal: '.',
    footer: 'Checked automatically from several locations. Outages are confirmed before they are shown.',
  },
};
