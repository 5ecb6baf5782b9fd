/** "2.4 MB", "18 KB", "69 bytes": sizes for people (server and client). */
export const formatSize = (n: number) =>
  n >= 1048576 ? `${(n / 1048576).toFixed(1)} MB` : n >= 1024 ? `${Math.round(n / 1024)} KB` : `${n} bytes`;
